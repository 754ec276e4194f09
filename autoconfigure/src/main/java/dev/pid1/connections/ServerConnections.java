package dev.pid1.connections;

import java.util.Collection;

/**
 * The open connections of one web server, and what pid1 does to them during the drain.
 * One implementation per server, each loaded only when its server's classes are present.
 * Every method may be called from any thread; implementations hand the work to the
 * server's own threads where the server needs it.
 *
 * @param <C> the server's own connection type
 * @author pid1 authors
 */
public interface ServerConnections<C> {

	/**
	 * The connections open now.
	 * @return a snapshot of them
	 */
	Collection<C> open();

	/**
	 * Whether a connection speaks HTTP/2 (h2c or h2).
	 * @param connection the connection
	 * @return whether it does
	 */
	boolean isHttp2(C connection);

	/**
	 * Sends the first, graceful GOAWAY (last-stream-id 2^31-1, RFC 9113 section 6.8): the
	 * peer opens no new streams, the streams it has sent are still served.
	 * @param connection an HTTP/2 connection
	 */
	void goAway(C connection);

	/**
	 * Sends the final GOAWAY with the last stream id the server has seen.
	 * @param connection an HTTP/2 connection that was sent {@link #goAway} earlier
	 * @return whether it went out; {@code false} asks to be called again at the next
	 * sweep (the server's own timing had not allowed it yet)
	 */
	boolean finalGoAway(C connection);

	/**
	 * Closes an HTTP/1.x connection if it is between requests, so that closing it loses
	 * nothing: no request in flight and no byte of a next one received. The check and the
	 * close are one step against the server's own processing of the connection (a check
	 * followed by a separate close would race a request arriving in between).
	 * @param connection the connection
	 * @return whether it was closed (where the server's own thread checks and closes it,
	 * after that thread has done so)
	 */
	boolean closeIfIdle(C connection);

}
