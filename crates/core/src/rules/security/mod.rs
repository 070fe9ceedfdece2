//! Security: users, secrets, TLS verification, remote scripts, permissions, exposed ports.
