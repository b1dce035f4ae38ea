"use strict";
/*
 * Runs ON THE INSTANCE at boot: every release carries it as read-parameters.js (api:artifact),
 * and the startup scripts run it as the API's user. It reads every parameter directly under PARAMETER_PATH (decrypted) with the
 * instance profile's credentials, fetched from the metadata service with the IMDSv2 token flow
 * only (never the plain-GET fallback), and prints a bash env file on stdout: one
 * `export NAME='value'` line per parameter, single-quoted so that sourcing it restores every
 * byte. stdout carries nothing else; errors go to stderr and name the path and the cause, never
 * a value. The SDK (@aws-sdk/client-ssm, @smithy/credential-provider-imds) comes from the
 * release's node_modules (NODE_PATH). Plain CommonJS with no build step: it ships as text.
 *
 * Environment: PARAMETER_PATH (e.g. /eapd/production), AWS_REGION; optional
 * AWS_EC2_METADATA_SERVICE_ENDPOINT and AWS_ENDPOINT_URL_SSM (tests point them at stand-ins).
 */
const { SSMClient, paginateGetParametersByPath } = require("@aws-sdk/client-ssm");
const { fromInstanceMetadata } = require("@smithy/credential-provider-imds");

const NAME = /^[A-Z_][A-Z0-9_]*$/;
// Whoever can write the path could otherwise change how the shell or Node runs the API.
const REFUSED = /^(PATH|HOME|SHELL|USER|LOGNAME|IFS|ENV|BASH_ENV|BASH_FUNC_.*|PS4|NODE_OPTIONS|NODE_PATH|PM2_HOME|LD_.*)$/;

function shellQuote(value) {
  return `'${value.replace(/'/g, "'\\''")}'`;
}

async function readEnvFile(path, region) {
  const client = new SSMClient({
    region,
    credentials: fromInstanceMetadata({ timeout: 2000, maxRetries: 5 }),
    // Throttling and 5xx are retried with back-off by the SDK's standard strategy.
    maxAttempts: 8,
    ...(process.env.AWS_ENDPOINT_URL_SSM ? { endpoint: process.env.AWS_ENDPOINT_URL_SSM } : {}),
  });
  const lines = [];
  const pages = paginateGetParametersByPath({ client, pageSize: 10 }, { Path: path, Recursive: false, WithDecryption: true });
  for await (const page of pages) {
    for (const parameter of page.Parameters || []) {
      const name = String(parameter.Name).slice(path.length + 1);
      if (!NAME.test(name) || REFUSED.test(name)) {
        process.stderr.write(`skipped ${parameter.Name}: not a variable the API may be started with\n`);
        continue;
      }
      const value = parameter.Value || "";
      if (value.includes("\0")) throw new Error(`${parameter.Name} holds a NUL character, which no environment variable can`);
      lines.push(`export ${name}=${shellQuote(value)}`);
    }
  }
  if (lines.length === 0) {
    throw new Error(`no parameters under ${path}/ (the deploy writes them before launching; is this the right environment?)`);
  }
  lines.sort();
  return [`# Written at boot from Parameter Store ${path}/. Read with: set -a; . <this file>; set +a`, ...lines, ""].join("\n");
}

async function main() {
  const path = (process.env.PARAMETER_PATH || "").replace(/\/+$/, "");
  const region = process.env.AWS_REGION || "";
  if (!path.startsWith("/") || !region) throw new Error("PARAMETER_PATH (like /eapd/production) and AWS_REGION must be set");
  process.stdout.write(await readEnvFile(path, region));
}

main().catch((err) => {
  process.stderr.write(`could not read the instance settings from Parameter Store ${process.env.PARAMETER_PATH}: ${err.name || "Error"}: ${err.message}\n`);
  process.exit(1);
});
