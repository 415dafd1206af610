/**
 * File-name extensions that mark a token as a file name (executables, scripts, documents, archives, disk images,
 * configuration and data files), and the subset that are also IANA top-level domains (`.zip`, `.mov`, `.py`, `.sh`,
 * `.md`...), where a bare `name.ext` is read as a file unless the text gives a network signal.
 */
import { TLDS } from './tld-list.js';

const EXTENSIONS = `
exe dll sys drv ocx cpl scr msi msp msc mst lnk pif bat cmd ps1 psm1 psd1 ps1xml vbs vbe js jse wsf wsh wsc sct hta
jar class war ear py pyc pyw pyz sh bash zsh ksh pl pm rb php php5 phtml phar asp aspx ashx asmx ascx axd jsp jspx cfm
cgi elf so dylib ko bin o a apk ipa dex aab dmg pkg deb rpm appimage iso img vhd vhdx vmdk ova ovf zip rar 7z tar gz
tgz bz2 tbz xz txz zst lz lzh lzma arj ace cab cpio z doc docx docm dot dotm dotx xls xlsx xlsm xlsb xlt xltm xll
xlam ppt pptx pptm pps ppsm ppsx ppam potm rtf pdf odt ods odp one onepkg chm hlp inf reg ini cfg conf config xml
json yml yaml toml txt log csv tsv dat db sqlite sqlite3 mdb accdb tmp temp bak old lock key pem crt cer der pfx p12
p7b p7s csr ovpn kdbx eml msg html htm xhtml mht mhtml svg url website library-ms search-ms searchconnector-ms
settingcontent-ms application appref-ms gadget dit evtx evt etl dmp mdmp hdmp pcap pcapng cap xsl xslt vb vba vbproj
csproj sln lua go rs c cpp cc cxx h hpp cs swift kt ts mjs cjs wasm ico png jpg jpeg gif bmp tif tiff webp mp3 mp4 mov
avi mkv wav iqy slk ppkg diagcab cab msix msixbundle appx appxbundle nupkg vsix crx xpi ipynb md rst nse yar yara
`;

/** Lower-case known file extensions (no dot). */
export const FILE_EXTENSIONS: ReadonlySet<string> = new Set(EXTENSIONS.split(/\s+/).filter((e) => e !== ''));

/** Extensions that are also top-level domains: `name.zip` is a file unless defanged or otherwise networked. */
export const AMBIGUOUS_EXTENSIONS: ReadonlySet<string> = new Set(
  [...FILE_EXTENSIONS].filter((e) => TLDS.has(e)),
);

/** True when `ext` (any case) is a known file extension. */
export function isFileExtension(ext: string): boolean {
  return FILE_EXTENSIONS.has(ext.toLowerCase());
}
