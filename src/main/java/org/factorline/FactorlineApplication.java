package org.factorline;

import org.factorline.cli.CommandLine;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Factorline: the back office of an invoice factoring company, as one modular application. */
@SpringBootApplication
@EnableScheduling
public class FactorlineApplication {

    public static void main(String[] args) {
        if (CommandLine.isCommand(args)) {
            System.exit(CommandLine.run(FactorlineApplication.class, args));
        }
        SpringApplication.run(FactorlineApplication.class, args);
    }
}
