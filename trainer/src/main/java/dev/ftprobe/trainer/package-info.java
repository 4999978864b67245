/** ftprobe's trainer module. */
package dev.ftprobe.trainer;
