#!/bin/sh
# Starts Payara Micro with family-meeting's two artifacts. Extra arguments are passed on
# to Payara Micro (e.g. --postbootcommandfile).
#
# MEDIA_ADVERTISED_ADDRESSES: when the environment leaves it empty and an init step wrote
# the node's external address to /run/family-meeting/media-advertised-addresses
# (Kubernetes, see docker/k8s/base/deployment.yaml), that address is used.
set -eu

advertised_file=/run/family-meeting/media-advertised-addresses
if [ -z "${MEDIA_ADVERTISED_ADDRESSES:-}" ] && [ -s "$advertised_file" ]; then
  MEDIA_ADVERTISED_ADDRESSES=$(cat "$advertised_file")
  export MEDIA_ADVERTISED_ADDRESSES
fi

deployments=/opt/payara/deployments

# RUN_TIME_ENV=production: JSON log lines from the first one (see logging-production.properties).
log_args=""
if [ "${RUN_TIME_ENV:-development}" = "production" ]; then
  log_args="--logproperties /opt/family-meeting/logging-production.properties"
fi

# JVM_ARGS, MEM_MAX_RAM_PERCENTAGE and MEM_XSS are the Payara image's own knobs.
# --nohazelcast: instances coordinate through Firestore and Pub/Sub, not a data grid.
# shellcheck disable=SC2086 # JVM_ARGS and log_args are lists of options
exec java -XX:+UseContainerSupport \
  -XX:MaxRAMPercentage="${MEM_MAX_RAM_PERCENTAGE:-70.0}" \
  -Xss"${MEM_XSS:-512k}" \
  -XX:+ExitOnOutOfMemoryError \
  ${JVM_ARGS:-} \
  -jar /opt/payara/payara-micro.jar \
  --port "${APP_PORT:-8080}" \
  --nohazelcast \
  --disablephonehome \
  ${log_args} \
  --deploy "$deployments/media-ra.rar" \
  --deploy "$deployments/web-admin.war" \
  "$@"
