package dev.pid1.platform;

/**
 * Which native backend makes pid1's system calls.
 *
 * @author pid1 authors
 */
public enum NativeBackend {

	/** The foreign function and memory API of Java 22+ ({@code java.lang.foreign}). */
	FFM,

	/** JNA ({@code net.java.dev.jna:jna}), on any Java. */
	JNA,

	/** None: pid1 makes no system call (see the reason). */
	NONE

}
