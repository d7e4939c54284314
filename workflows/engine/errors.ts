/** Why the engine refused a step; the workflow turns it into an ApplicationFailure of the same type. */
export type RejectionKind =
  | 'EventNotAllowed'
  | 'InvalidData'
  | 'RoleNotAllowed'
  | 'NotFound'
  | 'AlreadyAcknowledged'
  /** The idempotency key of the request was used before for a different request. */
  | 'IdempotencyKeyReused';

export class StepRejected extends Error {
  constructor(
    readonly kind: RejectionKind,
    message: string,
    readonly details: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'StepRejected';
  }
}
