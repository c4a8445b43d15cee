#!/usr/bin/env bash
# Write deploy/.env with fresh random secrets for the local compose stack (never reused elsewhere).
# Existing values are kept, so running it again is safe.
set -euo pipefail
env_file="$(dirname "$0")/.env"
touch "$env_file"
chmod 600 "$env_file"
secret() { python3 -c 'import secrets; print(secrets.token_hex(24))'; }
webhook_secret() { python3 -c 'import base64, secrets; print("whsec_" + base64.b64encode(secrets.token_bytes(24)).decode())'; }
add() { grep -q "^$1=" "$env_file" || echo "$1=$2" >> "$env_file"; }
add HCS_TOKEN_SECRET "$(secret)"
add HCS_DATA_KEY "$(python3 -c 'import base64, secrets; print(base64.b64encode(secrets.token_bytes(32)).decode())')"
add HCS_EXPORT_KEY "$(secret)"
add RABBITMQ_ADMIN_PASSWORD "$(secret)"
add POSTGRES_PASSWORD "$(secret)"
add GRAFANA_ADMIN_PASSWORD "$(secret)"
for service in INTAKE CASES REPAIRS REFERRALS REPORTING; do
  add "HCS_DB_${service}_PASSWORD" "$(secret)"
  add "HCS_AMQP_${service}_PASSWORD" "$(secret)"
done
add HCS_AMQP_OPERATOR_PASSWORD "$(secret)"
add HCS_CONTRACTOR_SECRET "$(webhook_secret)"
add HCS_PARTNER_SECRET "$(webhook_secret)"
echo "secrets for the local stack are in $env_file"
