package dev.pid1.platform;

/**
 * A child that has exited and not yet been reaped, as {@code waitid(..., WNOWAIT)}
 * reports it.
 *
 * @param pid its pid
 * @param status how it ended
 * @author pid1 authors
 */
public record ExitedChild(long pid, ExitStatus status) {

}
