package dev.pid1.sample;

import java.util.Arrays;

import org.apache.coyote.http2.Http2Protocol;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The app's Tomcat speaks HTTP/2 behind a proxy without Tomcat's WINDOW_UPDATE overhead
 * check ({@link Http2UpstreamConfiguration}): checked on the running server, where Spring
 * Boot adds the HTTP/2 upgrade protocol before the customizers run.
 *
 * @author pid1 authors
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "server.http2.enabled=true" })
class Http2UpstreamConfigurationTests {

	@Autowired
	WebServerApplicationContext context;

	@Test
	void theHttp2ProtocolOfTheRunningTomcatHasTheWindowUpdateCheckOff() {
		TomcatWebServer server = (TomcatWebServer) this.context.getWebServer();
		Http2Protocol http2 = Arrays.stream(server.getTomcat().getConnector().findUpgradeProtocols())
			.filter(Http2Protocol.class::isInstance)
			.map(Http2Protocol.class::cast)
			.findFirst()
			.orElseThrow();
		assertThat(http2.getOverheadWindowUpdateThreshold()).isZero();
		// Tomcat's other overhead checks stay as shipped.
		assertThat(http2.getOverheadDataThreshold()).isEqualTo(new Http2Protocol().getOverheadDataThreshold());
	}

}
