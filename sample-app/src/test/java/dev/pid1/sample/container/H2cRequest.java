package dev.pid1.sample.container;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One GET over h2c with prior knowledge on a connection of its own, on a plain socket:
 * the JDK's {@code HttpClient} does h2c only by upgrade, and the sample app's tests have
 * no HTTP/2 library. Enough of RFC 9113 for that: the preface, SETTINGS and PING
 * acknowledged, HEADERS with literal header fields, the {@code :status} of a response (an
 * indexed field of HPACK's static table after any table size update, as Tomcat and Jetty
 * send 200), DATA, and every GOAWAY and RST_STREAM as it arrives.
 *
 * @param status the response's status, {@code -1} without one
 * @param body the response's body
 * @param failure why there is no complete response ({@code RST_STREAM}, the connection
 * closed), {@code null} when it came whole
 * @param goAways the GOAWAY frames received, each as {@code last-stream-id/error-code}
 * @param took from the request to the response's end (or to the failure)
 * @author pid1 authors
 */
record H2cRequest(int status, String body, String failure, List<String> goAways, Duration took) {

	private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

	/** HPACK's static table entries 8 to 14: {@code :status} 200 to 500. */
	private static final int[] STATIC_STATUS = { 200, 204, 206, 304, 400, 404, 500 };

	private static final int DATA = 0, HEADERS = 1, RST_STREAM = 3, SETTINGS = 4, PING = 6, GOAWAY = 7;

	private static final int END_STREAM = 0x1, ACK = 0x1, END_HEADERS = 0x4, PADDED = 0x8, PRIORITY = 0x20;

	/**
	 * Sends {@code GET path} on stream 1 and reads until the response ends or fails.
	 * @param port the app's port on 127.0.0.1
	 * @param path the path
	 * @param timeout how long the whole exchange may take
	 * @return what came back
	 */
	static H2cRequest get(int port, String path, Duration timeout) {
		long started = System.nanoTime();
		int status = -1;
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		List<String> goAways = new ArrayList<>();
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
			socket.setSoTimeout((int) timeout.toMillis());
			OutputStream out = socket.getOutputStream();
			DataInputStream in = new DataInputStream(socket.getInputStream());
			out.write(PREFACE);
			frame(out, SETTINGS, 0, 0, new byte[0]);
			ByteArrayOutputStream headers = new ByteArrayOutputStream();
			headers.write(0x82); // :method GET
			headers.write(0x86); // :scheme http
			literal(headers, 4, path); // :path
			literal(headers, 1, "127.0.0.1:" + port); // :authority
			frame(out, HEADERS, END_HEADERS | END_STREAM, 1, headers.toByteArray());
			while (true) {
				int length = (in.readUnsignedShort() << 8) | in.readUnsignedByte();
				int type = in.readUnsignedByte();
				int flags = in.readUnsignedByte();
				int stream = in.readInt() & 0x7fffffff;
				byte[] payload = in.readNBytes(length);
				if (payload.length < length) {
					throw new EOFException();
				}
				if (type == SETTINGS && (flags & ACK) == 0) {
					frame(out, SETTINGS, ACK, 0, new byte[0]);
				}
				else if (type == PING && (flags & ACK) == 0) {
					frame(out, PING, ACK, 0, payload);
				}
				else if (type == GOAWAY) {
					goAways.add((readInt(payload, 0) & 0x7fffffff) + "/" + readInt(payload, 4));
				}
				else if (type == RST_STREAM && stream == 1) {
					return new H2cRequest(status, body.toString(StandardCharsets.UTF_8),
							"RST_STREAM, error code " + readInt(payload, 0), goAways, since(started));
				}
				else if (type == HEADERS && stream == 1) {
					int offset = (((flags & PADDED) != 0) ? 1 : 0) + (((flags & PRIORITY) != 0) ? 5 : 0);
					offset = skipTableSizeUpdates(payload, offset);
					int first = payload[offset] & 0xff;
					if (status == -1 && first >= 0x88 && first <= 0x8e) {
						status = STATIC_STATUS[first - 0x88];
					}
				}
				else if (type == DATA && stream == 1) {
					int pad = ((flags & PADDED) != 0) ? (payload[0] & 0xff) : 0;
					int offset = ((flags & PADDED) != 0) ? 1 : 0;
					body.write(payload, offset, payload.length - offset - pad);
				}
				if ((type == HEADERS || type == DATA) && stream == 1 && (flags & END_STREAM) != 0) {
					return new H2cRequest(status, body.toString(StandardCharsets.UTF_8), null, goAways, since(started));
				}
			}
		}
		catch (IOException ex) {
			return new H2cRequest(status, body.toString(StandardCharsets.UTF_8),
					"no complete response: " + ex.getClass().getSimpleName() + " " + ex.getMessage(), goAways,
					since(started));
		}
	}

	/**
	 * A literal header field without indexing, its name from the static table, its value
	 * as is (no Huffman coding).
	 */
	private static void literal(ByteArrayOutputStream out, int nameIndex, String value) {
		byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
		out.write(nameIndex);
		int length = bytes.length;
		if (length < 127) {
			out.write(length);
		}
		else {
			out.write(127);
			for (length -= 127; length >= 128; length >>= 7) {
				out.write((length & 0x7f) | 0x80);
			}
			out.write(length);
		}
		out.writeBytes(bytes);
	}

	/**
	 * Skips the dynamic table size updates a header block may begin with (both servers
	 * send one: {@code 001} and a 5-bit prefixed integer).
	 */
	private static int skipTableSizeUpdates(byte[] block, int offset) {
		while ((block[offset] & 0xe0) == 0x20) {
			boolean more = (block[offset++] & 0x1f) == 0x1f;
			while (more) {
				more = (block[offset++] & 0x80) != 0;
			}
		}
		return offset;
	}

	private static void frame(OutputStream out, int type, int flags, int stream, byte[] payload) throws IOException {
		int length = payload.length;
		out.write(new byte[] { (byte) (length >> 16), (byte) (length >> 8), (byte) length, (byte) type, (byte) flags,
				(byte) (stream >> 24), (byte) (stream >> 16), (byte) (stream >> 8), (byte) stream });
		out.write(payload);
		out.flush();
	}

	private static long readInt(byte[] bytes, int offset) {
		return ((bytes[offset] & 0xffL) << 24) | ((bytes[offset + 1] & 0xff) << 16) | ((bytes[offset + 2] & 0xff) << 8)
				| (bytes[offset + 3] & 0xff);
	}

	private static Duration since(long started) {
		return Duration.ofNanos(System.nanoTime() - started);
	}

	/**
	 * Whether the response came whole.
	 * @return whether it did
	 */
	boolean completed() {
		return this.failure == null;
	}

	@Override
	public String toString() {
		return (completed() ? "status " + this.status : this.failure) + " after " + this.took.toMillis()
				+ " ms, GOAWAY " + this.goAways + ", body " + this.body;
	}

}
