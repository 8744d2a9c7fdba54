/**
 * An error whose message is meant for the user: main's services throw these for expected failures
 * ("That alert source no longer exists."), and the router passes the message to the renderer as is.
 * Anything else that escapes a handler is logged and reported as a failure inside Baton.
 */
export class UserError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UserError';
  }
}
