package dev.pid1.platform;

/**
 * A system call failed for a reason other than the ones its caller expects.
 *
 * @author pid1 authors
 */
public class PlatformException extends RuntimeException {

	private final int errno;

	public PlatformException(String message, int errno) {
		super(message + " (errno " + errno + ")");
		this.errno = errno;
	}

	/**
	 * The {@code errno} the call failed with.
	 * @return the error number
	 */
	public int getErrno() {
		return this.errno;
	}

}
