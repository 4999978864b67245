/** ftprobe's extractor module. */
package dev.ftprobe.extractor;
