package dev.pid1.platform;

/**
 * Which native backend pid1 may use ({@code pid1.native.backend}).
 *
 * @author pid1 authors
 */
public enum NativeBackendMode {

	/**
	 * The foreign function API on Java 22+, JNA if it fails to load there; JNA on Java
	 * 17-21.
	 */
	AUTO,

	/**
	 * The foreign function API only (Java 22+): no JNA even if it is on the class path.
	 */
	FFM,

	/** JNA only, on any Java. */
	JNA

}
