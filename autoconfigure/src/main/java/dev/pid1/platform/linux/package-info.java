/**
 * The Linux implementation of the process platform, through JNA.
 */
@NullMarked
package dev.pid1.platform.linux;

import org.jspecify.annotations.NullMarked;
