"""Error reports about mediation requests carry no case data.

Django's error report (the debug page, and the email to ADMINS in production) lists the request's POST
data and the local variables of every frame: for a mediation request those can be a case description
or a party's name. Every mediation view marks its request with this filter.
"""

from django.views.debug import SafeExceptionReporterFilter


class ConfidentialExceptionReporterFilter(SafeExceptionReporterFilter):
    """Hide every POST value and every local variable, also with DEBUG on."""

    def is_active(self, request):
        return True

    def get_post_parameters(self, request):
        if request is None:
            return {}
        return {name: self.cleansed_substitute for name in request.POST}

    def get_traceback_frame_variables(self, request, tb_frame):
        return [(name, self.cleansed_substitute) for name in tb_frame.f_locals]


def protect_error_reports(request) -> None:
    request.exception_reporter_filter = ConfidentialExceptionReporterFilter()
