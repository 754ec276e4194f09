package dev.pid1.sample;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;

import org.springframework.stereotype.Component;

/**
 * Renders invoices with an external shell script (shipped in the jar, extracted to a temp
 * file at startup). The script backgrounds the mailing and returns at once, so every
 * invoice leaves an orphan behind: in a container, the JVM as PID 1 inherits it and must
 * reap it when it ends.
 *
 * @author pid1 authors
 */
@Component
class InvoiceRenderer {

	private static final long TIMEOUT_SECONDS = 30;

	private final Path script;

	private final Path directory;

	InvoiceRenderer() throws IOException {
		this(Files.createTempDirectory("invoices"));
	}

	InvoiceRenderer(Path directory) throws IOException {
		this.directory = directory;
		this.script = Files.createTempFile("render-invoice", ".sh");
		try (InputStream in = InvoiceRenderer.class.getResourceAsStream("/scripts/render-invoice.sh")) {
			if (in == null) {
				throw new IllegalStateException("scripts/render-invoice.sh is missing from the classpath");
			}
			Files.copy(in, this.script, StandardCopyOption.REPLACE_EXISTING);
		}
		this.script.toFile().deleteOnExit();
	}

	/**
	 * Renders the invoice of an order.
	 * @param order the order
	 * @return the invoice
	 */
	Invoice render(Order order) {
		try {
			Process process = new ProcessBuilder("sh", this.script.toString(), Long.toString(order.id()), order.item(),
					Integer.toString(order.quantity()), order.total().toPlainString(), this.directory.toString())
				.redirectErrorStream(true)
				.start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
			if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException("render-invoice.sh did not finish in " + TIMEOUT_SECONDS + " s");
			}
			return new Invoice(order.id(), output, process.exitValue());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while rendering the invoice", ex);
		}
	}

	/**
	 * A rendered invoice.
	 *
	 * @param orderId the order
	 * @param file where it was written (or the script's error output)
	 * @param exitCode the script's exit code
	 */
	record Invoice(long orderId, String file, int exitCode) {

	}

}
