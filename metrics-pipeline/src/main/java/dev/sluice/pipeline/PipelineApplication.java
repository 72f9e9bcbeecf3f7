package dev.sluice.pipeline;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The metrics pipeline: consumes {@code sluice.usage.v1} into Postgres and serves {@code /v1/usage}. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class PipelineApplication {

    public static void main(String[] args) {
        SpringApplication.run(PipelineApplication.class, args);
    }
}
