//! Package managers: apt, apk, yum/dnf, npm and their flags, pinning and caches.
