/** ftprobe's model module. */
package dev.ftprobe.model;
