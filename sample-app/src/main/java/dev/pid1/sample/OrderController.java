package dev.pid1.sample;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Places and reads orders, and runs a slow report: the request that must not be cut off
 * when the container stops.
 *
 * @author pid1 authors
 */
@RestController
@RequestMapping("/orders")
class OrderController {

	private static final Duration MAX_REPORT_TIME = Duration.ofMinutes(2);

	private final Map<Long, Order> orders = new ConcurrentHashMap<>();

	private final AtomicLong ids = new AtomicLong();

	private final InvoiceRenderer invoices;

	OrderController(InvoiceRenderer invoices) {
		this.invoices = invoices;
	}

	@PostMapping
	ResponseEntity<Order> place(@RequestBody OrderRequest request) {
		if (request.item() == null || request.item().isBlank() || request.quantity() <= 0) {
			return ResponseEntity.badRequest().build();
		}
		long id = this.ids.incrementAndGet();
		Order order = new Order(id, request.item(), request.quantity(),
				BigDecimal.valueOf(request.quantity()).multiply(new BigDecimal("9.90")), Instant.now());
		this.orders.put(id, order);
		return ResponseEntity.status(HttpStatus.CREATED).body(order);
	}

	@GetMapping("/{id}")
	ResponseEntity<Order> get(@PathVariable long id) {
		Order order = this.orders.get(id);
		return (order != null) ? ResponseEntity.ok(order) : ResponseEntity.notFound().build();
	}

	/**
	 * Renders an order's invoice with an external script that mails it in the background:
	 * each call leaves an orphan process behind.
	 * @param id the order
	 * @return the invoice
	 */
	@PostMapping("/{id}/invoice")
	ResponseEntity<InvoiceRenderer.Invoice> invoice(@PathVariable long id) {
		Order order = this.orders.get(id);
		if (order == null) {
			return ResponseEntity.notFound().build();
		}
		InvoiceRenderer.Invoice invoice = this.invoices.render(order);
		return (invoice.exitCode() == 0) ? ResponseEntity.status(HttpStatus.CREATED).body(invoice)
				: ResponseEntity.internalServerError().body(invoice);
	}

	@GetMapping
	Collection<Order> all() {
		return this.orders.values();
	}

	/**
	 * A report that takes a while to compute, as month-end reports do.
	 * @param millis how long it takes
	 * @return the report
	 * @throws InterruptedException if interrupted
	 */
	@GetMapping("/report")
	Map<String, Object> report(@RequestParam(defaultValue = "2000") long millis) throws InterruptedException {
		long sleep = Math.min(Math.max(millis, 0), MAX_REPORT_TIME.toMillis());
		Instant started = Instant.now();
		Thread.sleep(sleep);
		return Map.of("orders", this.orders.size(), "startedAt", started.toString(), "tookMillis", sleep);
	}

	record OrderRequest(String item, int quantity) {

	}

}
