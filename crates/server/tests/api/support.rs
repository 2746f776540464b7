//! Spawning a real server (port 0, fresh database) and talking to it over HTTP.

use std::path::PathBuf;

use openwork_sdk::admin::AdminClient;
use openwork_server::{Config, RateLimits, Server};
use reqwest::header::HeaderMap;
use serde_json::Value;

pub const ADMIN_TOKEN: &str = "test-admin-token";

/// A fresh PostgreSQL schema's URL for the test `name`; `None` (after saying so) when
/// `TEST_DATABASE_URL` is not set, which fails under `CI=true`.
pub async fn postgres_url(name: &str) -> Option<String> {
    let Ok(base) = std::env::var("TEST_DATABASE_URL") else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI=true requires TEST_DATABASE_URL (PostgreSQL)"
        );
        eprintln!("skipping the PostgreSQL test {name}: TEST_DATABASE_URL is not set");
        return None;
    };
    Some(
        openwork_platform::db::isolated_postgres_url(&base, name)
            .await
            .unwrap(),
    )
}

/// A running server and clients for it.
pub struct TestServer {
    pub server: Option<Server>,
    pub base: String,
    pub admin: AdminClient,
    pub http: reqwest::Client,
    /// The SQLite file behind it (restart tests reopen it).
    pub db_path: PathBuf,
}

/// A response, decoded.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Value,
}

impl Reply {
    pub fn code(&self) -> i64 {
        self.body["code"].as_i64().expect("a numeric code")
    }

    /// Asserts a Feishu error: HTTP status, code, and a log ID in the body equal to the header.
    pub fn assert_error(&self, status: u16, code: i64) {
        assert_eq!(
            (self.status, self.code()),
            (status, code),
            "{:#}",
            self.body
        );
        let header = self.headers["x-tt-logid"].to_str().unwrap();
        assert_eq!(self.body["error"]["log_id"], header, "{:#}", self.body);
        assert!(self.body["error"]["troubleshooter"].is_string());
        assert!(self.body.get("data").is_none(), "no data on errors");
    }

    pub fn data(&self) -> &Value {
        assert_eq!((self.status, self.code()), (200, 0), "{:#}", self.body);
        &self.body["data"]
    }
}

pub fn temp_db(label: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "openwork-api-{}-{label}-{}",
        std::process::id(),
        &openwork_platform::ids::random_hex32()[..8]
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join("openwork.db")
}

impl TestServer {
    /// A server on a fresh SQLite file loaded with `fixture`.
    pub async fn start(fixture: &str) -> Self {
        Self::start_with(fixture, RateLimits::Vendor).await
    }

    pub async fn start_with(fixture: &str, rate_limits: RateLimits) -> Self {
        let db_path = temp_db("db");
        let fixture_path = db_path.with_file_name("fixture.yaml");
        std::fs::write(&fixture_path, fixture).unwrap();
        let config = Config {
            listen: "127.0.0.1:0".into(),
            db: format!("sqlite://{}", db_path.display()),
            fixture: Some(fixture_path),
            admin_token: Some(ADMIN_TOKEN.into()),
            rate_limits,
            journal: Default::default(),
            ..Config::default()
        };
        Self::with_config(&config, db_path).await
    }

    /// Two replicas on one fresh PostgreSQL database (named after `name`), the first loading
    /// `fixture`, each with a tenant token of `app` (ID, secret); `None` (after saying so) when
    /// `TEST_DATABASE_URL` is not set, which fails under `CI=true`.
    pub async fn postgres_replicas(
        name: &str,
        fixture: &str,
        app: (&str, &str),
    ) -> Option<[(Self, String); 2]> {
        Self::postgres_replicas_with(name, fixture, app, |_| {}).await
    }

    /// [`Self::postgres_replicas`] with both replicas' configuration changed by `tweak`.
    pub async fn postgres_replicas_with(
        name: &str,
        fixture: &str,
        app: (&str, &str),
        tweak: impl Fn(&mut Config),
    ) -> Option<[(Self, String); 2]> {
        let url = postgres_url(name).await?;
        let fixture_path =
            std::env::temp_dir().join(format!("openwork-{name}-{}.yaml", std::process::id()));
        std::fs::write(&fixture_path, fixture).unwrap();
        let config = |fixture: Option<PathBuf>| {
            let mut config = Config {
                listen: "127.0.0.1:0".into(),
                db: url.clone(),
                fixture,
                admin_token: Some(ADMIN_TOKEN.into()),
                rate_limits: RateLimits::Off,
                journal: Default::default(),
                ..Config::default()
            };
            tweak(&mut config);
            config
        };
        let first = Self::with_config(&config(Some(fixture_path)), PathBuf::new()).await;
        let second = Self::with_config(&config(None), PathBuf::new()).await;
        let (first_token, second_token) = (
            first.token(app.0, app.1).await,
            second.token(app.0, app.1).await,
        );
        Some([(first, first_token), (second, second_token)])
    }

    /// A server with exactly this configuration.
    pub async fn with_config(config: &Config, db_path: PathBuf) -> Self {
        let server = Server::start(config).await.expect("server starts");
        let base = server.base_url();
        Self {
            admin: AdminClient::new(&base, server.admin_token()),
            server: Some(server),
            base,
            http: reqwest::Client::new(),
            db_path,
        }
    }

    /// Runs SQL on the server's database behind its back (to break it on purpose).
    pub async fn execute_sql(&self, sql: &str) {
        sqlx::any::install_default_drivers();
        let url = format!("sqlite://{}", self.db_path.display());
        let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&url)
            .await
            .expect("the test database opens");
        sqlx::raw_sql(sql)
            .execute(&mut conn)
            .await
            .expect("the SQL runs");
        sqlx::Connection::close(conn).await.unwrap();
    }

    pub async fn stop(&mut self) {
        if let Some(server) = self.server.take() {
            server.shutdown().await;
        }
    }

    pub async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        token: Option<&str>,
        body: Option<&Value>,
    ) -> Reply {
        let mut request = self.http.request(method, format!("{}{path}", self.base));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(body);
        }
        let response = request.send().await.expect("request sent");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let bytes = response.bytes().await.unwrap();
        let body = serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()));
        Reply {
            status,
            headers,
            body,
        }
    }

    pub async fn post(&self, path: &str, token: &str, body: Value) -> Reply {
        self.call(reqwest::Method::POST, path, Some(token), Some(&body))
            .await
    }

    pub async fn get(&self, path: &str, token: &str) -> Reply {
        self.call(reqwest::Method::GET, path, Some(token), None)
            .await
    }

    /// A tenant access token of an app.
    pub async fn token(&self, app_id: &str, app_secret: &str) -> String {
        let reply = self
            .call(
                reqwest::Method::POST,
                "/open-apis/auth/v3/tenant_access_token/internal",
                None,
                Some(&serde_json::json!({"app_id": app_id, "app_secret": app_secret})),
            )
            .await;
        assert_eq!(reply.code(), 0, "{:#}", reply.body);
        reply.body["tenant_access_token"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// An admin request that must succeed (HTTP 200); answers its body.
    pub async fn admin_ok(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> Value {
        let reply = self.admin_call(method, path, body).await;
        assert_eq!(reply.status, 200, "{path}: {:#}", reply.body);
        reply.body
    }

    /// Sends an admin request with a JSON body and returns the decoded reply.
    pub async fn admin_call(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> Reply {
        let mut request = self
            .http
            .request(method, format!("{}/_openwork/v1{path}", self.base))
            .bearer_auth(ADMIN_TOKEN);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response.json().await.unwrap_or(Value::Null);
        Reply {
            status,
            headers,
            body,
        }
    }
}
