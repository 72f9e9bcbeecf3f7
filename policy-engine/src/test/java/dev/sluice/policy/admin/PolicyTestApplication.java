package dev.sluice.policy.admin;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A minimal application: WebFlux plus the policy engine's auto-configuration. */
@SpringBootApplication
public class PolicyTestApplication {
}
