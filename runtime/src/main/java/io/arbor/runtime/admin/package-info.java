/**
 * The admin HTTP API (Pekko HTTP, JSON through Jackson), on Arbor's public API only: {@link
 * AdminServer} binds it, {@link AdminRoutes} holds the routes, {@link ErrorStatus} maps Arbor's stable
 * error codes to HTTP statuses, {@link BearerToken} checks the token of state-changing requests.
 */
package io.arbor.runtime.admin;
