"""No private link's token in a log line."""
import logging

from delegates.common.logs import RedactPrivateLinks


def test_private_link_tokens_are_cut_from_access_log_lines():
    record = logging.LogRecord("werkzeug", logging.INFO, __file__, 1, '%s - - [%s] "%s" %s -',
                               ("127.0.0.1", "29/Nov/2026", "GET /me/AbCdEf0123456789_-xyz/badge.pdf HTTP/1.1", 200),
                               None)
    assert RedactPrivateLinks().filter(record)
    assert record.getMessage() == '127.0.0.1 - - [29/Nov/2026] "GET /me/…/badge.pdf HTTP/1.1" 200 -'


def test_other_lines_are_left_alone():
    record = logging.LogRecord("werkzeug", logging.INFO, __file__, 1, "GET %s", ("/e/ga81/register",), None)
    RedactPrivateLinks().filter(record)
    assert record.getMessage() == "GET /e/ga81/register"
