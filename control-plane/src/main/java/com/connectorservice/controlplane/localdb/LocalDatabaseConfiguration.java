package com.connectorservice.controlplane.localdb;

import java.io.IOException;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import com.zaxxer.hikari.HikariDataSource;

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
    LocalPostgres.Started localPostgres(LocalMode localMode, EmbeddedPostgresProperties properties) throws IOException {
        LocalPostgres.Started started = LocalPostgres.start(localMode.dataDirectory(), properties.port());
        log.info("Local mode: embedded PostgreSQL on localhost:{} with data in {}", started.postgres().getPort(),
                localMode.dataDirectory());
        return started;
    }

    @Bean(destroyMethod = "close")
    @Conditional(LocalModeCondition.class)
    DataSource dataSource(LocalPostgres.Started localPostgres) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(localPostgres.jdbcUrl());
        dataSource.setUsername(localPostgres.user());
        dataSource.setPassword(localPostgres.password());
        dataSource.setMaximumPoolSize(5);
        return dataSource;
    }
}
