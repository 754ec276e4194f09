package bench;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The same endpoint cost as the sample app's GET /orders with no orders: a small JSON answer. */
@Path("/orders")
public class OrdersResource {

	@GET
	@Produces(MediaType.APPLICATION_JSON)
	public String all() {
		return "[]";
	}

}
