// An error the user can fix by changing the command line or the environment: printed without a stack, exit 2.
export class UsageError extends Error {}
