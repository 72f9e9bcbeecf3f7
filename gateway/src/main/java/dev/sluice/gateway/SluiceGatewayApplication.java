package dev.sluice.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Starts the gateway. With no configuration it serves the built-in mock provider on port 8080. */
@SpringBootApplication
public class SluiceGatewayApplication {

    public static void main(String[] args) {
        SpringApplication.run(SluiceGatewayApplication.class, args);
    }
}
