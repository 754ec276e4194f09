/**
 * The operating system layer: signals, processes and reaping behind one interface, inert
 * off Linux.
 */
@NullMarked
package dev.pid1.platform;

import org.jspecify.annotations.NullMarked;
