package dev.pid1.sample;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link InvoiceRenderer}: the script writes the invoice, returns at once with
 * exit code 0, and its background mailing finishes on its own.
 *
 * @author pid1 authors
 */
class InvoiceRendererTests {

	@TempDir
	Path directory;

	@Test
	void rendersTheInvoiceAndMailsItInTheBackground() throws Exception {
		InvoiceRenderer renderer = new InvoiceRenderer(this.directory);
		Order order = new Order(7, "widget", 3, new BigDecimal("29.70"), Instant.now());
		InvoiceRenderer.Invoice invoice = renderer.render(order);
		assertThat(invoice.exitCode()).isZero();
		assertThat(invoice.file()).isEqualTo(this.directory.resolve("invoice-7.txt").toString());
		assertThat(Files.readString(Path.of(invoice.file()))).contains("INVOICE 7", "3 x widget", "TOTAL 29.70 EUR");
		Path outbox = this.directory.resolve("outbox.log");
		long deadline = System.nanoTime() + 30_000_000_000L;
		while (!Files.exists(outbox) && System.nanoTime() < deadline) {
			Thread.sleep(50);
		}
		assertThat(Files.readString(outbox)).contains("mailed " + invoice.file());
	}

}
