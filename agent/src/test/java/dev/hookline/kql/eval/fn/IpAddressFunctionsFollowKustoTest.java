package dev.hookline.kql.eval.fn;

import static dev.hookline.kql.eval.fn.Scalar.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.kql.eval.Kql;
import dev.hookline.kql.KqlException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The IP library of {@link IpFunctions} beyond the range tests (those are in IpFunctionsFollowKustoTest). */
class IpAddressFunctionsFollowKustoTest {
    static Stream<Arguments> cases() {
        return Stream.of(
                row("ipv4_compare('127.0.0.1', '127.0.0.1')", 0L),
                row("ipv4_compare('192.168.1.1', '192.168.1.255')", -1L),
                row("ipv4_compare('192.168.1.255', '192.168.1.1')", 1L),
                row("ipv4_compare('192.168.1.1/24', '192.168.1.255/24')", 0L),
                row("ipv4_compare('192.168.1.1', '192.168.1.255', 24)", 0L),
                row("ipv4_compare('192.168.1.1', 'nope')", null),
                row("ipv6_compare('::ffff:7f00:1', '127.0.0.1')", 0L),
                row("ipv6_compare('fe80::85d:e82c:9446:7994', 'fe80::85d:e82c:9446:7995')", -1L),
                row("ipv6_compare('fe80::85d:e82c:9446:7994', 'fe80::85d:e82c:9446:7995', 127)", 0L),
                row("ipv6_compare('fe80::85d:e82c:9446:7994/127', 'fe80::85d:e82c:9446:7995/127')", 0L),
                row("ipv6_compare('ff00::1', '::1')", 1L), // unsigned: the top bit is not a sign
                row("parse_ipv4('127.0.0.1')", 2130706433L),
                row("parse_ipv4('192.1.168.1')", 3221334017L),
                row("parse_ipv4('192.1.168.1/24')", 3221334016L),
                row("parse_ipv4('192.1.168')", null),
                row("parse_ipv4_mask('127.2.3.4', 24)", 2130838272L),
                row("parse_ipv4_mask('127.2.3.4', 33)", null),
                row("ipv4_netmask_suffix('192.168.2.0/24')", 24),
                row("ipv4_netmask_suffix('192.168.2.0')", 32),
                row("ipv4_netmask_suffix('192.168.2.0/33')", null),
                row("format_ipv4('192.168.1.255', 24)", "192.168.1.0"),
                row("format_ipv4(3232236031, 24)", "192.168.1.0"),
                row("format_ipv4(3232236031)", "192.168.1.255"),
                row("format_ipv4('abc')", ""),
                row("format_ipv4(-1)", ""),
                row("format_ipv4_mask('192.168.1.255', 24)", "192.168.1.0/24"),
                row("format_ipv4_mask(3232236031)", "192.168.1.255/32"),
                row("ipv4_is_in_any_range('192.168.1.6', '192.168.1.1/24', '10.0.0.1/8')", true),
                row("ipv4_is_in_any_range('10.1.2.3', dynamic(['172.16.0.0/12', '10.0.0.0/8']))", true),
                row("ipv4_is_in_any_range('8.8.8.8', dynamic(['172.16.0.0/12', '10.0.0.0/8']), '192.168.0.0/16')",
                        false),
                row("ipv4_is_in_any_range('junk', '10.0.0.0/8')", null),
                row("ipv4_is_in_any_range('10.1.2.3', parse_json(strcat('[\"192.168.0.0/16\", \"', '10.0.0.0/8', '\"]')))",
                        true),
                row("ipv4_is_in_any_range('10.1.2.3', split(strcat('192.168.0.0/16', ',', FileName), ','))", false),
                row("ipv4_is_in_any_range('10.1.2.3', split(strcat('192.168.0.0/16,10.0.0.0/8,', FileName), ','))", true));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @MethodSource("cases")
    void evaluatesAsKustoDoes(String expr, Object expected) {
        assertEquals(expected, Scalar.eval(expr));
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                row("ipv4_compare('1.2.3.4', '1.2.3.5', '24')", "ipv4_compare() prefix must be a whole number"),
                row("format_ipv4(1.5)", "format_ipv4() ip must be a string or a long, not real"),
                row("parse_ipv4_mask('1.2.3.4', 2.5)", "parse_ipv4_mask() prefix must be a whole number"));
    }

    @ParameterizedTest(name = "{0} fails with {1}")
    @MethodSource("errors")
    void badArgumentsAreNamed(String expr, Object message) {
        KqlException e = assertThrows(KqlException.class, () -> Scalar.eval(expr));
        assertTrue(e.getMessage().contains((String) message), e.getMessage());
    }

    @org.junit.jupiter.api.Test
    void aBadConstantRangeInTheListWarns() {
        var q = Kql.compile("DeviceNetworkEvents | where ipv4_is_in_any_range(RemoteIP, '10.0.0.0/8', '10.0/8')");
        assertTrue(q.warnings().stream().anyMatch(w -> w.contains("'10.0/8' is not valid")), q.warnings().toString());
    }
}
