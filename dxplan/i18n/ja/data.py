"""The diagnostics of data files (data/), in Japanese."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from dxplan.i18n.translate import Template

# the Japanese Excel's name of the format to save as
CSV_UTF8: Final = "「CSV UTF-8 (コンマ区切り)」"

DATA: Final[Mapping[str, Sequence[Template]]] = {
    "bad-header": (
        ("header column '{cell}' should be '{column}'", "見出し '{cell}' は '{column}' のはずです"),
        ("header ends before its '{column}' column",
         "見出しの行が '{column}' の列の前で終わっています"),
        ("header column '{cell}' is given twice", "見出し '{cell}' が2回あります"),
        ("keep one '{column}' column", "'{column}' の列は1つにしてください"),
        ("header cell is empty", "見出しのセルが空です"),
        ("unexpected header column '{cell}' after '{column}'",
         "'{column}' の後に見出し '{cell}' は置けません"),
        ("columns after '{column}' may be {words}, each once",
         "'{column}' の後に置ける列は {words} で、どれも1回までです"),
        ("fiscal {year} has two columns: '{first}' and '{second}'",
         "{year} 年度の列が2つあります: '{first}' と '{second}'"),
        ("keep one column for each fiscal year", "1つの年度の列は1つにしてください"),
        ("header column '{cell}' is a second {column} column",
         "見出し '{cell}' は2つ目の {column} の列です"),
        ("give a wide table one municipality column; keep the other (a name beside a code) "
         "as a note", "横長の表の市町村の列は1つにして、もう一方(コードの横の名前など)は"
         "備考(note)にしてください"),
        ("keep one {column} column", "{column} の列は1つにしてください"),
        ("header column '{cell}' is neither a fiscal year nor a column of a wide table",
         "見出し '{cell}' は年度でも、横長の表の列でもありません"),
        ("a table with years across has no series column",
         "年度を横に並べた表に系列(series)の列がありません"),
        ("unexpected header column '{cell}'", "見出し '{cell}' は置けません"),
        ("a long table's columns are {words}, each once",
         "縦長の表の列は {words} で、どれも1回までです"),
        ("the entity list has no {column} column", "団体の一覧に {column} の列がありません"),
        ("the first row must be code,name[,kind] (団体コード,名称[,種別]), e.g. "
         "022012,青森市,市", "1行目は code,name[,kind](団体コード,名称[,種別])にします。"
         "例: 022012,青森市,市"),
        ("a year,value table has no series column",
         "year,value の表に系列(series)の列がありません"),
        ("add a series column (series,year,value), or keep the table on a worksheet named "
         "after its series", "系列の列を加える(series,year,value)か、表を系列名のワークシートに"
         "置いてください"),
        ("no sheet of {path} starts with a data header",
         "{path} にはデータの見出しで始まるシートがありません"),
        ("{path} is empty", "{path} は空です"),
        ("the columns come in the order {order}: '{cell}' is the {nth} column",
         "列の順番は {order} です。'{cell}' は{nth}です"),
        ("the columns come in the order {order}: '{cell}' reads as '{column}', the {nth} column",
         "列の順番は {order} です。'{cell}' は {nth}の '{column}' と読めます"),
        ("the first row must be series,year,value[,note] (observations; optional columns "
         "note, source, municipality), project,period,status[,note] (roadmap progress), or a "
         "series column and fiscal years across, e.g. 指標,令和5年度,令和6年度 (a wide table)",
         "1行目は series,year,value[,note](観測値。note、source、municipality の列も置けます)、"
         "project,period,status[,note](ロードマップの進捗)、または系列の列と横に並べた年度"
         "(横長の表。例: 指標,令和5年度,令和6年度)にします"),
        ("a wide table has a series column (series, 指標 or 系列), years across (2024, FY2024, "
         "令和6年度, R6, 2024年) and optionally municipality (市町村, 団体コード, code), "
         "note (備考) and source (出典) columns",
         "横長の表には系列の列(series、指標、系列)と横に並べた年度(2024、FY2024、令和6年度、"
         "R6、2024年)を置き、必要なら市町村(市町村、団体コード、code)、備考(note)、"
         "出典(source)の列も置きます"),
    ),
    "bad-row": (
        ("row ends before its '{column}' cell", "行が '{column}' のセルの前で終わっています"),
        ("every row needs {columns}; leave a cell empty for no figure",
         "どの行にも {columns} が必要です。値がなければセルを空けておきます"),
        ("row has {count} cells but the header has {width}",
         "行のセルが {count} 個ありますが、見出しは {width} 個です"),
        ("add a 'note' column to the header to keep notes",
         "備考を残すなら、見出しに 'note' の列を加えてください"),
        ("quote a cell that contains the separator, e.g. \"1,234\"",
         "区切り文字を含むセルは \"1,234\" のように引用符で囲んでください"),
        ("give the column a header (a fiscal year, note or source), or quote a cell that "
         "contains the separator, e.g. \"1,234\"", "その列に見出し(年度、note、source)を付けるか、"
         "区切り文字を含むセルを \"1,234\" のように引用符で囲んでください"),
        ("quoted cell is never closed", "引用符で始まるセルが閉じていません"),
        ("end the cell with \"; write a quote inside a cell as \"\"",
         "セルの終わりに \" を書きます。セルの中の引用符は \"\" と書きます"),
        ("row has no series name", "行に系列名がありません"),
        ("row has figures but no series name", "行に値がありますが、系列名がありません"),
        ("name the data series, as the plan's indicators and formulas do",
         "計画の指標や式が読む系列名を書いてください"),
    ),
    "bad-year": (
        ("cannot read '{value}' as a year", "'{value}' を年度として読めません"),
        ("write a year: {forms}", "年度を書きます: {forms}"),
    ),
    "bad-value": (
        ("cannot read '{value}' as a value", "'{value}' を値として読めません"),
        ("write a number such as 1,234, 12.5, 30% or △5; blank, -, …, x mean no figure",
         "1,234、12.5、30%、△5 のような数を書きます。空欄、-、…、x は値なしです"),
        ("NaN and infinity are not figures; leave the cell blank or write - for none",
         "NaN や無限大は値になりません。空欄にするか、値なしの - を書いてください"),
        ("',' separates thousands (1,234); write decimals with '.' (12.5)",
         "',' は桁区切り(1,234)です。小数点は '.' で書きます(12.5)"),
        ("'{series}' {year} says a stage ({stage}) where a number belongs",
         "'{series}' の {year} 年度は、数を書くところに段階({stage})が書かれています"),
        ("'{series}' {year} ({entity}) says a stage",
         "'{series}' の {year} 年度({entity})に段階が書かれています"),
        ("figures per municipality are numbers", "市町村ごとの値は数で書きます"),
        ("stages ({forms}) are the data of an indicator with `milestone`",
         "段階({forms})は `milestone` のある指標のデータです"),
        ("'{series}' is a milestone: its data are stages, not numbers",
         "'{series}' はマイルストーンです。データは数ではなく段階です"),
        ("write one of {forms}", "{forms} のどれかを書きます"),
    ),
    "year-kind": (
        ("'{series}' is declared `year calendar` (暦年), but this row's year is a fiscal year "
         "(年度)", "'{series}' は `year calendar`(暦年)ですが、この行は年度で書かれています"),
        ("write the calendar year, e.g. {year}年 or {plain}",
         "暦年で書いてください(例: {year}年、{plain})"),
        ("this row's year is a calendar year (年), but '{series}' counts fiscal years (年度)",
         "この行は暦年(年)で書かれていますが、'{series}' は年度で数えます"),
        ("write the fiscal year ({year}年度, FY{plain}), or declare `year calendar` in the "
         "indicator whose data these are", "年度で書く({year}年度、FY{plain})か、このデータの"
         "指標に `year calendar` を書いてください"),
    ),
    "later-figures": (
        ("{number} figure dated after {year} (up to {latest}) is not used",
         "{year} 年度より後({latest} 年度まで)の値 {number} 件は使っていません"),
        ("{number} figures dated after {year} (up to {latest}) are not used",
         "{year} 年度より後({latest} 年度まで)の値 {number} 件は使っていません"),
        ("evaluate them with --year {year}, or set year in dxplan.toml",
         "評価するには --year {year} を指定するか、dxplan.toml で year を設定してください"),
    ),
    "duplicate-row": (
        ("{row} is given twice", "{row}が2回あります"),
        ("first given at {at}; this row is ignored", "最初は {at} にあります。この行は使いません"),
    ),
    "conflicting-rows": (
        ("{row} is given twice", "{row}が2回あります"),
        ("{row} is {shown} here but {earlier} before",
         "{row}がここでは {shown}、前の行では {earlier} です"),
        ("first given at {at}; keep one", "最初は {at} にあります。どちらか一方を残してください"),
        ("first given at {at}; keep one of the two rows",
         "最初は {at} にあります。2つの行のどちらかを残してください"),
    ),
    "unsaved-formula": (
        ("{cells} of sheet '{sheet}' hold formulas with no saved result, so they are read as "
         "blank", "シート '{sheet}' の {cells} は計算結果が保存されていない数式なので、空欄として"
         "読みました"),
        ("open and save the workbook in Excel, which saves each formula's result: dxplan reads "
         "the results, it does not compute formulas", "ブックを Excel で開いて保存すると、"
         "数式の結果も保存されます。dxplan は保存された結果を読み、数式は計算しません"),
    ),
    "unknown-entity": (
        ("'{name}' is not an entity of '{set}' ({count} rows)",
         "'{name}' は '{set}' の団体にありません({count} 行)"),
        ("'{name}' is not an entity of '{set}'", "'{name}' は '{set}' の団体にありません"),
        ("the set '{set}' lists {count} entities in {path}; write a name listed there or its "
         "code", "'{set}' には {path} の {count} 団体があります。そこにある名前かコードを書いて"
         "ください"),
    ),
    "bad-entity": (
        ("{path} lists no entities", "{path} に団体が1つもありません"),
        ("write one row per municipality: {form}", "市町村ごとに1行書きます: {form}"),
        ("the code {key} is listed twice", "コード {key} が2回あります"),
        ("the name {key} is listed twice", "名前 {key} が2回あります"),
        ("first listed on line {line}", "最初は {line} 行目にあります"),
        ("'{code}' is not a 全国地方公共団体コード",
         "'{code}' は全国地方公共団体コードではありません"),
        ("write the six-digit code (022012) or its first five digits (02201)",
         "6桁のコード(022012)か、その最初の5桁(02201)を書きます"),
        ("{code} has the wrong check digit (it would be {fixed})",
         "{code} の検査数字が違います(正しくは {fixed})"),
        ("check the code against 総務省's list of 全国地方公共団体コード",
         "総務省の全国地方公共団体コードの一覧と照らし合わせてください"),
        ("the entity {code} has no name", "団体 {code} に名前がありません"),
        ("write its name, e.g. 青森市", "名前を書きます。例: 青森市"),
    ),
    "no-entity-set": (
        ("figures are given per municipality, but no entity set is declared",
         "市町村ごとの値がありますが、団体の一覧(entities)が宣言されていません"),
        ('declare one in a spec: entities municipalities "市町村" { file "municipalities.csv" }',
         '仕様ファイルで宣言します: `entities municipalities "市町村" { file '
         '"municipalities.csv" }`'),
    ),
    "unknown-series": (
        ("series '{series}' is not used by the plan", "系列 '{series}' は計画で使われていません"),
        ("the figures of '{series}' without a municipality are not used: the plan aggregates "
         "its municipalities' figures", "'{series}' の市町村のない行の値は使われません。計画は"
         "市町村ごとの値を集計します"),
        ("give the municipality of each row, or leave the whole area's rows out",
         "各行に市町村を書くか、全体の行を外してください"),
        ("no goal, indicator or formula reads it", "この系列を読む目標・指標・式はありません"),
    ),
    "no-data-for-series": (
        ("no data file has the series '{series}' that the formula of '{id}' reads",
         "'{id}' の式が読む系列 '{series}' がどのデータファイルにもありません"),
        ("add its figures to a data file", "その値をデータファイルに加えてください"),
    ),
    "bad-encoding": (
        ("line {line} is not {encodings} text (byte {byte})",
         "{line} 行目を {encodings} のテキストとして読めません(バイト {byte})"),
        ("save the file from Excel as 'CSV UTF-8 (comma delimited)'",
         f"Excel で{CSV_UTF8}として保存し直してください"),
    ),
    "bad-file": (
        ("cannot read {path} as an Excel workbook: {reason}",
         "{path} を Excel のブックとして読めません: {reason}"),
        ("open it in Excel and save it again as .xlsx",
         "Excel で開き、.xlsx として保存し直してください"),
    ),
    "unsupported-file": (
        ("{path}: the old Excel .xls format cannot be read",
         "{path}: 古い Excel の .xls 形式は読めません"),
        ("{path}: macro-enabled .xlsm workbooks are not read",
         "{path}: マクロ有効ブック(.xlsm)は読みません"),
        ("save it from Excel as .xlsx or as 'CSV UTF-8 (comma delimited)'",
         f"Excel で .xlsx か{CSV_UTF8}として保存してください"),
    ),
    "unreadable-file": (
        ("cannot list {path}: {reason}", "{path} の中身を一覧できません: {reason}"),
        ("cannot read {path}: {reason}", "{path} を読めません: {reason}"),
        ("give the data file itself; a data folder should hold only data files",
         "データファイルそのものを指定してください。データフォルダにはデータファイルだけを"
         "置きます"),
        ("cannot read {path}, the file of the entity set '{set}'",
         "団体の一覧 '{set}' のファイル {path} を読めません"),
        ("the file is found from the spec's folder; it holds {form}",
         "ファイルは仕様ファイルのフォルダから探します。中身は {form} です"),
    ),
    "no-data-files": (
        ("no .csv, .tsv or .xlsx files in {path}",
         "{path} に .csv、.tsv、.xlsx のファイルがありません"),
    ),
    "bad-project": (
        ("cannot read '{value}' as a project number", "'{value}' を事業番号として読めません"),
        ("write the project's number in the roadmap, e.g. 12",
         "ロードマップの事業番号を書きます(例: 12)"),
    ),
    "unknown-project": (
        ("project {number} is not in the roadmap", "事業 {number} はロードマップにありません"),
        ("the roadmap lists no projects", "ロードマップに事業がありません"),
        ("projects are numbered {first}–{last}; nearest: {names}",
         "事業番号は {first}〜{last} です。近い番号: {names}"),
    ),
    "bad-status": (
        ("unknown status '{value}'", "状況 '{value}' はありません"),
        ("statuses: {forms}", "使える状況: {forms}"),
    ),
}
