//! Route tables that remember what they mount. axum's `Router` cannot list its routes, so every
//! table is built with [`Routes`] and the method functions here ([`get`], [`post`], …), which
//! record each (method, path) as it is mounted. The OpenAPI document is checked against that
//! record (`admin::openapi`'s tests): a route served but not documented, or documented but not
//! served, fails the tests.

use axum::Router;
use axum::handler::Handler;
use axum::routing::MethodRouter;

use crate::state::AppState;

/// A path's handlers, with the methods they serve (lower case, as OpenAPI names them).
pub struct Served {
    methods: Vec<&'static str>,
    router: MethodRouter<AppState>,
}

impl Served {
    /// The same methods behind `wrap` (a guard or another route layer).
    pub fn layered(
        mut self,
        wrap: impl FnOnce(MethodRouter<AppState>) -> MethodRouter<AppState>,
    ) -> Self {
        self.router = wrap(self.router);
        self
    }
}

/// For each method: a function that starts a [`Served`] with it and a method of `Served` that
/// adds it, each recording the method beside axum's router of the same name.
macro_rules! methods {
    ($($method:ident),*) => {
        $(
            pub fn $method<H, T>(handler: H) -> Served
            where
                H: Handler<T, AppState>,
                T: 'static,
            {
                Served {
                    methods: vec![stringify!($method)],
                    router: axum::routing::$method(handler),
                }
            }
        )*

        impl Served {
            $(
                pub fn $method<H, T>(mut self, handler: H) -> Self
                where
                    H: Handler<T, AppState>,
                    T: 'static,
                {
                    self.methods.push(stringify!($method));
                    self.router = self.router.$method(handler);
                    self
                }
            )*
        }
    };
}

methods!(get, post, put, patch, delete);

/// One operation a table mounted.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Mounted {
    /// Lower case: `get`, `post`, …
    pub method: &'static str,
    /// In axum's (and OpenAPI's) template syntax: `/tenants/{tenant_key}`.
    pub path: String,
}

/// A route mounted on purpose outside the document, and why.
#[derive(Clone, Debug)]
pub struct Unlisted {
    pub path: String,
    pub why: &'static str,
}

/// A route table and the record of what it mounted.
pub struct Routes {
    router: Router<AppState>,
    mounted: Vec<Mounted>,
    unlisted: Vec<Unlisted>,
}

impl Default for Routes {
    fn default() -> Self {
        Self::new()
    }
}

impl Routes {
    pub fn new() -> Self {
        Self {
            router: Router::new(),
            mounted: Vec::new(),
            unlisted: Vec::new(),
        }
    }

    /// Serves `served` at `path`, recording each of its methods.
    pub fn route(mut self, path: &str, served: Served) -> Self {
        self.mounted
            .extend(served.methods.iter().map(|&method| Mounted {
                method,
                path: path.to_owned(),
            }));
        self.router = self.router.route(path, served.router);
        self
    }

    /// Serves `route` at `path` without an operation in the OpenAPI document, saying why (a web
    /// page, a catch-all that answers unknown calls).
    pub fn unlisted(
        mut self,
        path: &str,
        route: MethodRouter<AppState>,
        why: &'static str,
    ) -> Self {
        self.unlisted.push(Unlisted {
            path: path.to_owned(),
            why,
        });
        self.router = self.router.route(path, route);
        self
    }

    pub fn merge(mut self, other: Routes) -> Self {
        self.mounted.extend(other.mounted);
        self.unlisted.extend(other.unlisted);
        self.router = self.router.merge(other.router);
        self
    }

    /// Every (method, path) mounted, in the order mounted.
    pub fn mounted(&self) -> &[Mounted] {
        &self.mounted
    }

    pub fn unlisted_routes(&self) -> &[Unlisted] {
        &self.unlisted
    }

    pub fn into_router(self) -> Router<AppState> {
        self.router
    }
}
