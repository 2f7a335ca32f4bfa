"""Logins that cannot be turned against users (issue #14).

- `client`: the client's real address behind the proxy (django-ipware, as django-axes reads it).
- `throttle`: password-reset mails limited per account and per client address.
- `middleware.LoginGuardMiddleware`: logout only by POST; throttled password resets answered like any other.
- `two_factor.MediationTwoFactorMiddleware`: mediators and mediation leads pass a second factor (TOTP).
"""
