/** ftprobe's tasks module. */
package dev.ftprobe.tasks;
