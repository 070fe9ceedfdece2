#!/bin/sh
set -e
mkdir -p /app/data
