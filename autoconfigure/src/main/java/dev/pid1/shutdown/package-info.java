/**
 * The shutdown sequence: readiness off, adaptive drain, graceful close and exit within a
 * hard deadline.
 */
@NullMarked
package dev.pid1.shutdown;

import org.jspecify.annotations.NullMarked;
