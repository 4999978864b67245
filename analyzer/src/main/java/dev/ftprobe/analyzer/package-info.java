/** ftprobe's analyzer module. */
package dev.ftprobe.analyzer;
