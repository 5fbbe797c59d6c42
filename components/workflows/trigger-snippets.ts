import type { CodeSample } from "@/components/docs/code-tabs";

/** Example calls for the Triggers tab (pure: the page passes the instance's own origin). */

export function webhookSamples(url: string, secretHint: string): CodeSample[] {
  const curl = `# Standard Webhooks: sign "<id>.<timestamp>.<body>" with HMAC-SHA256, keyed with the
# base64-decoded part of the secret after "whsec_".
SECRET='${secretHint}'
BODY='{"text": "Hello from a webhook"}'
ID="msg_$(date +%s%N)"
TS=$(date +%s)
KEY=$(printf '%s' "\${SECRET#whsec_}" | base64 -d | od -An -tx1 | tr -d ' \\n')
SIG=$(printf '%s' "$ID.$TS.$BODY" | openssl dgst -sha256 -mac HMAC -macopt hexkey:$KEY -binary | base64)
curl -X POST '${url}' \\
  -H 'Content-Type: application/json' \\
  -H "webhook-id: $ID" -H "webhook-timestamp: $TS" -H "webhook-signature: v1,$SIG" \\
  -d "$BODY"`;
  const n8n = `// n8n: a Code node (needs NODE_FUNCTION_ALLOW_BUILTIN=crypto), then an HTTP Request node.
const crypto = require('crypto');
const secret = '${secretHint}';
const body = JSON.stringify({ text: $json.text ?? 'Hello from n8n' });
const id = 'msg_' + $execution.id + '_' + $runIndex;
const ts = Math.floor(Date.now() / 1000).toString();
const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
const sig = crypto.createHmac('sha256', key).update(id + '.' + ts + '.' + body).digest('base64');
return [{ json: { body, id, ts, signature: 'v1,' + sig } }];

// HTTP Request node:
//   Method: POST    URL: ${url}
//   Send Headers: webhook-id = {{ $json.id }}, webhook-timestamp = {{ $json.ts }},
//                 webhook-signature = {{ $json.signature }}, Content-Type = application/json
//   Send Body: Raw / JSON, Body = {{ $json.body }}`;
  return [
    { label: "curl", code: curl },
    { label: "n8n", code: n8n },
  ];
}

export function apiSamples(origin: string, workflowId: string): CodeSample[] {
  const runs = `${origin}/api/v1/workflows/${workflowId}/runs`;
  return [
    {
      label: "curl",
      code: `# An API key with the workflows:run scope (Settings → API keys).
curl -X POST '${runs}' \\
  -H "Authorization: Bearer $PRISM_API_KEY" \\
  -H 'Content-Type: application/json' \\
  -H "Idempotency-Key: $(uuidgen)" \\
  -d '{"input": {"text": "Hello from the API"}}'

# Wait up to 30 s for the run to end:
curl '${runs}/<run id>?wait=30' -H "Authorization: Bearer $PRISM_API_KEY"`,
    },
    {
      label: "n8n",
      code: `HTTP Request node:
  Method: POST
  URL: ${runs}
  Authentication: Header Auth, Name = Authorization, Value = Bearer <your prism_… key>
  Send Headers: Idempotency-Key = {{ $execution.id }}
  Send Body: JSON, {"input": {"text": "{{ $json.text }}"}}`,
    },
  ];
}
