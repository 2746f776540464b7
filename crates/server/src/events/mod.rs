pub mod long_connection;
