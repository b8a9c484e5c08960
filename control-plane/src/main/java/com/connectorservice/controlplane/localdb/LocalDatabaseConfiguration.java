package com.connectorservice.controlplane.localdb;

import java.io.IOException;
import java.nio.file.Files;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import com.zaxxer.hikari.HikariDataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EmbeddedPostgresProperties.class)
public class LocalDatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(LocalDatabaseConfiguration.class);

    @Bean
    LocalMode localMode(Environment environment, EmbeddedPostgresProperties properties) {
        return new LocalMode(LocalModeCondition.isLocal(environment), properties.dataDirectory().toAbsolutePath().normalize());
    }

    @Bean(destroyMethod = "close")
    @Conditional(LocalModeCondition.class)
    EmbeddedPostgres embeddedPostgres(LocalMode localMode, EmbeddedPostgresProperties properties) throws IOException {
        Files.createDirectories(localMode.dataDirectory());
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(localMode.dataDirectory().toFile())
                .setCleanDataDirectory(false);
        if (properties.port() > 0) {
            builder.setPort(properties.port());
        }
        EmbeddedPostgres postgres = builder.start();
        log.info("Local mode: embedded PostgreSQL on port {} with data in {}", postgres.getPort(), localMode.dataDirectory());
        return postgres;
    }

    @Bean(destroyMethod = "close")
    @Conditional(LocalModeCondition.class)
    DataSource dataSource(EmbeddedPostgres postgres) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        dataSource.setUsername("postgres");
        dataSource.setMaximumPoolSize(5);
        return dataSource;
    }
}
