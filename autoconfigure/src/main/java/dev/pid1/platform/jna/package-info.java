/**
 * The system calls of the Linux platform, bound by JNA (any Java).
 */
@NullMarked
package dev.pid1.platform.jna;

import org.jspecify.annotations.NullMarked;
