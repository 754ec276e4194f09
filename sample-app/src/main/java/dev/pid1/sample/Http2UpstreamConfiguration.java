package dev.pid1.sample;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.coyote.UpgradeProtocol;
import org.apache.coyote.http2.Http2Protocol;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Tomcat's HTTP/2 behind a proxy with HTTP/2 upstreams (HAProxy's {@code proto h2}, an
 * Envoy or a cloud load balancer speaking h2c to the pods). Tomcat counts each
 * WINDOW_UPDATE whose increment averages under {@code overheadWindowUpdateThreshold}
 * (1024 bytes) as overhead, a guard against clients that trickle tiny updates, and closes
 * the connection with GOAWAY(ENHANCE_YOUR_CALM) once the overhead outweighs the requests.
 * A proxy acknowledges every response body as it forwards it: with responses of a few
 * hundred bytes that is one small WINDOW_UPDATE per response, and HAProxy 2.6 in front of
 * this app had its backend connections closed every few dozen requests, failing the
 * streams on them (503 behind an HTTP/1.1 frontend, REFUSED_STREAM behind an HTTP/2 one).
 * The proxy is the only peer here and already guards the clients' side, so the check is
 * off ({@code 0}); the other overhead checks stay as Tomcat ships them.
 *
 * @author pid1 authors
 */
@Configuration(proxyBeanMethods = false)
class Http2UpstreamConfiguration {

	private static final Log logger = LogFactory.getLog(Http2UpstreamConfiguration.class);

	@Bean
	TomcatConnectorCustomizer http2BehindProxy(
			@Value("${order-service.tomcat.http2-overhead-window-update-threshold:0}") int threshold) {
		return (connector) -> {
			for (UpgradeProtocol protocol : connector.findUpgradeProtocols()) {
				if (protocol instanceof Http2Protocol http2) {
					http2.setOverheadWindowUpdateThreshold(threshold);
					logger.info("Tomcat HTTP/2: overheadWindowUpdateThreshold=" + threshold);
				}
			}
		};
	}

}
