package dev.threadproof.junit.controls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.text.ParseException;
import java.text.SimpleDateFormat;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;

/** A date formatter: one shared SimpleDateFormat (racy: it keeps parse state in fields) and DateTimeFormatter. */
public final class DateFormats {
    private DateFormats() {
    }

    interface Formatter {
        String format(Date d);

        Date parse(String s) throws ParseException;
    }

    /** Broken: SimpleDateFormat's Calendar field is shared scratch space for every call. */
    static final class RacySimpleDateFormatter implements Formatter {
        private final SimpleDateFormat format = new SimpleDateFormat("yyyy-MM-dd");

        RacySimpleDateFormatter() {
            format.setTimeZone(TimeZone.getTimeZone("UTC"));
        }

        @Override
        public String format(Date d) {
            return format.format(d);
        }

        @Override
        public Date parse(String s) throws ParseException {
            return format.parse(s);
        }
    }

    static final class JavaTimeFormatter implements Formatter {
        private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_LOCAL_DATE;

        @Override
        public String format(Date d) {
            return ISO.format(d.toInstant().atOffset(ZoneOffset.UTC).toLocalDate());
        }

        @Override
        public Date parse(String s) {
            return Date.from(LocalDate.parse(s, ISO).atStartOfDay(ZoneOffset.UTC).toInstant());
        }
    }

    abstract static class Case {
        final Formatter formatter = create();

        abstract Formatter create();

        @Test
        void formatsAndParsesEveryDay() throws ParseException {
            for (int day = 10_000; day < 12_000; day++) {
                LocalDate date = LocalDate.ofEpochDay(day);
                Date d = Date.from(date.atStartOfDay(ZoneOffset.UTC).toInstant());
                String s = formatter.format(d);
                assertEquals(date.toString(), s);
                assertEquals(d, formatter.parse(s));
            }
        }
    }

    static final class RacyCase extends Case {
        @Override
        Formatter create() {
            return new RacySimpleDateFormatter();
        }
    }

    static final class CorrectCase extends Case {
        @Override
        Formatter create() {
            return new JavaTimeFormatter();
        }
    }
}
