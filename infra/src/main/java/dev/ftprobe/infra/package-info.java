/** ftprobe's infra module. */
package dev.ftprobe.infra;
