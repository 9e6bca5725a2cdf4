// EpubCheckAll FILE.epub... - EPUBCheck (Debian's epubcheck 4.2.6, through
// its Java API) on several books in one JVM: the JVM start and the schema
// loading, most of a check's time, are paid once.  Prints EPUBCheck's own
// messages and one summary line per book; exits 1 if any book has an error
// or a warning.  Run with the JDK's source launcher:
//   java -cp /usr/share/java/epubcheck.jar tests/tools/EpubCheckAll.java A.epub B.epub
import com.adobe.epubcheck.api.EpubCheck;
import com.adobe.epubcheck.util.DefaultReportImpl;
import java.io.File;

public class EpubCheckAll {
    public static void main(String[] args) {
        int bad = 0;
        for (String a : args) {
            DefaultReportImpl r = new DefaultReportImpl(a);
            new EpubCheck(new File(a), r).validate();
            int e = r.getErrorCount() + r.getFatalErrorCount();
            int w = r.getWarningCount();
            System.out.println("EpubCheckAll: " + a + ": " + e + " errors, " + w + " warnings");
            if (e + w > 0)
                bad++;
        }
        System.exit(bad == 0 ? 0 : 1);
    }
}
