/**
 * An error as AWS answers it: the code, the HTTP status and AWS's sentence. The models throw
 * it; the wire stand-in renders it in the service's protocol (so the real SDK parses it), and
 * the in-memory fakes turn it into the adapters' AwsCallError, so both report the same code.
 */
export class AwsModelError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = code;
  }
}

/** EC2's wording: "The instance ID 'i-1' does not exist" / "The instance IDs 'i-1, i-2' do not exist". */
export function instancesNotFound(ids: string[]): AwsModelError {
  const list = ids.join(', ');
  return new AwsModelError(
    'InvalidInstanceID.NotFound',
    ids.length === 1 ? `The instance ID '${list}' does not exist` : `The instance IDs '${list}' do not exist`,
  );
}
