package dev.pid1.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "management.server.port=0")
class OrderServiceApplicationTests {

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Test
	void placesAndReadsAnOrder() throws Exception {
		HttpResponse<String> placed = this.http.send(HttpRequest.newBuilder(uri(this.port, "/orders"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"item\":\"espresso beans\",\"quantity\":2}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(placed.statusCode()).isEqualTo(201);
		assertThat(placed.body()).contains("\"total\":19.80");
		assertThat(get(this.port, "/orders/1").body()).contains("espresso beans");
		assertThat(get(this.port, "/orders/999").statusCode()).isEqualTo(404);
	}

	@Test
	void pid1EndpointIsExposedOnTheManagementPort() throws Exception {
		HttpResponse<String> response = get(this.managementPort, "/actuator/pid1");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"pid\":" + ProcessHandle.current().pid())
			.contains("\"signalPath\"")
			.contains("\"verdict\"");
		assertThat(get(this.port, "/actuator/pid1").statusCode()).as("not on the public port").isEqualTo(404);
	}

	@Test
	void probesAreOn() throws Exception {
		assertThat(get(this.managementPort, "/actuator/health/readiness").body()).contains("UP");
		assertThat(get(this.managementPort, "/actuator/health/liveness").body()).contains("UP");
	}

	private HttpResponse<String> get(int port, String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(uri(port, path)).build(), HttpResponse.BodyHandlers.ofString());
	}

	private static URI uri(int port, String path) {
		return URI.create("http://127.0.0.1:" + port + path);
	}

}
