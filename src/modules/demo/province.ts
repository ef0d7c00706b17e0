/**
 * A fictional province for demos and tests ("Tỉnh Minh Họa"): not an official list.
 * Department codes include the appraisers named by the sample framework (SNV, STP, VP, STC, STTTT).
 */
export const DEMO_PROVINCE_NAME = 'Tỉnh Minh Họa (dữ liệu demo)';

export const DEMO_BLOCKS = [
  { code: 'SO', name: 'Khối sở, ban, ngành' },
  { code: 'HUYEN', name: 'Khối UBND cấp huyện' },
  { code: 'XA', name: 'Khối UBND cấp xã' },
] as const;

export const DEMO_DEPARTMENTS: readonly [code: string, name: string][] = [
  ['SNV', 'Sở Nội vụ'],
  ['STP', 'Sở Tư pháp'],
  ['VP', 'Văn phòng UBND tỉnh'],
  ['STC', 'Sở Tài chính'],
  ['STTTT', 'Sở Thông tin và Truyền thông'],
  ['SKHDT', 'Sở Kế hoạch và Đầu tư'],
  ['SCT', 'Sở Công Thương'],
  ['SNNPTNT', 'Sở Nông nghiệp và Phát triển nông thôn'],
  ['SXD', 'Sở Xây dựng'],
  ['SGTVT', 'Sở Giao thông vận tải'],
  ['STNMT', 'Sở Tài nguyên và Môi trường'],
  ['SGDDT', 'Sở Giáo dục và Đào tạo'],
  ['SYT', 'Sở Y tế'],
  ['SLDTBXH', 'Sở Lao động - Thương binh và Xã hội'],
  ['SVHTTDL', 'Sở Văn hóa, Thể thao và Du lịch'],
  ['SKHCN', 'Sở Khoa học và Công nghệ'],
  ['SNGV', 'Sở Ngoại vụ'],
  ['TTR', 'Thanh tra tỉnh'],
  ['BDT', 'Ban Dân tộc'],
  ['BQLKKT', 'Ban Quản lý Khu kinh tế'],
  ['BQLDA', 'Ban Quản lý dự án đầu tư xây dựng tỉnh'],
];

export const DEMO_DISTRICTS: readonly [code: string, name: string][] = [
  ['H_TPMH', 'Thành phố Minh Họa'],
  ['H_ANPHU', 'Huyện An Phú'],
  ['H_BINHSON', 'Huyện Bình Sơn'],
  ['H_DONGHOA', 'Huyện Đông Hòa'],
  ['H_LAMTHUY', 'Huyện Lâm Thủy'],
  ['H_PHUOCLONG', 'Thị xã Phước Long'],
  ['H_TANUYEN', 'Huyện Tân Uyên'],
  ['H_THACHHA', 'Huyện Thạch Hà'],
];

const COMMUNE_NAMES = [
  'An Bình',
  'An Hòa',
  'Bình Minh',
  'Cẩm Lệ',
  'Đại Đồng',
  'Đồng Tâm',
  'Hòa Bình',
  'Hưng Đạo',
  'Kim Liên',
  'Long Hưng',
  'Mỹ Thạnh',
  'Nghĩa Hưng',
  'Phú Lộc',
  'Phước Thành',
  'Quang Trung',
  'Tân Lập',
  'Thanh Xuân',
  'Thuận Phong',
  'Trung Nghĩa',
  'Vĩnh Phúc',
  'Xuân Lộc',
  'Yên Bình',
  'Đức Thắng',
  'Hải Châu',
  'Hồng Phong',
  'Lạc Long',
  'Minh Khai',
  'Ngọc Lâm',
  'Phong Điền',
  'Quảng Phú',
  'Sơn Thủy',
  'Tam Hiệp',
  'Thạnh Mỹ',
  'Tiến Thắng',
  'Trường Sơn',
  'Văn Lang',
  'Việt Hưng',
  'Ái Quốc',
  'Bắc Sơn',
  'Cát Tiên',
  'Đông Sơn',
  'Gia Hòa',
  'Hiệp Phước',
  'Hòa Khánh',
  'Khánh Hòa',
  'Lộc Thọ',
  'Mỹ An',
  'Nam Phong',
  'Phú Mỹ',
  'Quế Sơn',
  'Tân Phú',
  'Thái Bình',
  'Thống Nhất',
  'Tịnh Biên',
  'Vạn Ninh',
  'Xuân Thành',
  'Yên Thế',
  'Đắc Sở',
  'Hòa Lạc',
  'Lương Sơn',
];

/** 60 communes, spread evenly over the 8 districts. A city's subdivision is a ward (phường). */
export const DEMO_COMMUNES: readonly { code: string; name: string; parentCode: string }[] = COMMUNE_NAMES.map((name, i) => {
  const district = DEMO_DISTRICTS[i % DEMO_DISTRICTS.length]!;
  const kind = district[0] === 'H_TPMH' ? 'Phường' : 'Xã';
  return { code: `X${String(i + 1).padStart(3, '0')}`, name: `${kind} ${name}`, parentCode: district[0] };
});

/** One user per role; passwords are documented in the README and are for demos only. */
export const DEMO_PASSWORD = 'parindex-demo';
export const DEMO_USERS = [
  { username: 'demo.admin', displayName: 'Nguyễn Văn Quản (Sở Nội vụ)', role: 'admin', unitCode: null },
  { username: 'demo.officer', displayName: 'Trần Thị Cán (chuyên viên Sở Công Thương)', role: 'unit_officer', unitCode: 'SCT' },
  { username: 'demo.leader', displayName: 'Lê Văn Trưởng (Giám đốc Sở Công Thương)', role: 'unit_leader', unitCode: 'SCT' },
  { username: 'demo.commune', displayName: 'Phạm Thị Xã (công chức Xã An Bình)', role: 'unit_officer', unitCode: 'X001' },
  { username: 'demo.appraiser', displayName: 'Hoàng Văn Thẩm (thẩm định, Sở Nội vụ)', role: 'appraiser', unitCode: 'SNV' },
  { username: 'demo.council', displayName: 'Vũ Thị Hội (Hội đồng thẩm định)', role: 'council', unitCode: null },
  { username: 'demo.viewer', displayName: 'Đỗ Văn Xem (chỉ xem)', role: 'viewer', unitCode: null },
] as const;

/**
 * The staff of a few more units, so that the open round shows several units submitted, appraised and explained. Same
 * password as the accounts above; they act in the demo's open round through the same services as a person would.
 */
export const DEMO_UNIT_STAFF = [
  { username: 'demo.leader.stp', displayName: 'Ngô Thị Pháp (Giám đốc Sở Tư pháp)', role: 'unit_leader', unitCode: 'STP' },
  { username: 'demo.leader.vp', displayName: 'Đặng Văn Phòng (Chánh Văn phòng UBND tỉnh)', role: 'unit_leader', unitCode: 'VP' },
  { username: 'demo.leader.stc', displayName: 'Bùi Thị Tài (Giám đốc Sở Tài chính)', role: 'unit_leader', unitCode: 'STC' },
  { username: 'demo.leader.skhdt', displayName: 'Phan Văn Hoạch (Giám đốc Sở Kế hoạch và Đầu tư)', role: 'unit_leader', unitCode: 'SKHDT' },
  { username: 'demo.leader.sxd', displayName: 'Trịnh Văn Dựng (Giám đốc Sở Xây dựng)', role: 'unit_leader', unitCode: 'SXD' },
  { username: 'demo.officer.sgtvt', displayName: 'Lý Thị Vận (chuyên viên Sở Giao thông vận tải)', role: 'unit_officer', unitCode: 'SGTVT' },
] as const;

/** A procedure of the fictional catalogue: a national-style code, its field, legal and internal limits, online level, fee. */
export interface DemoProcedure {
  code: string;
  name: string;
  field: string;
  legalDays: number;
  internalDays: number;
  online: 'full' | 'partial' | 'none';
  fee: number | null;
}

type P = [code: string, name: string, field: string, legalDays: number, internalDays: number, online: DemoProcedure['online'], fee: number | null];

/** Departments' own procedures (fictional codes in the national style), by department. */
const DEPARTMENT_PROCEDURES: Record<string, P[]> = {
  SCT: [
    ['2.000633', 'Cấp Giấy phép bán lẻ sản phẩm rượu', 'Lưu thông hàng hóa trong nước', 10, 7, 'full', 1_200_000],
    ['2.000190', 'Cấp Giấy chứng nhận đủ điều kiện kinh doanh khí', 'Kinh doanh khí', 15, 10, 'full', 1_200_000],
    ['2.000036', 'Đăng ký thực hiện khuyến mại', 'Xúc tiến thương mại', 5, 3, 'full', null],
    ['2.001264', 'Cấp Giấy phép hoạt động điện lực', 'Điện', 15, 10, 'partial', 800_000],
    ['2.000645', 'Cấp Giấy chứng nhận đủ điều kiện an toàn thực phẩm', 'An toàn thực phẩm', 20, 15, 'partial', 700_000],
  ],
  STP: [
    ['1.001233', 'Cấp Phiếu lý lịch tư pháp cho công dân', 'Lý lịch tư pháp', 10, 7, 'full', 200_000],
    ['1.008892', 'Đăng ký hoạt động Văn phòng công chứng', 'Công chứng', 10, 8, 'partial', 1_000_000],
    ['1.001071', 'Cấp thẻ đấu giá viên', 'Đấu giá tài sản', 7, 5, 'partial', null],
    ['2.000908', 'Đăng ký hoạt động Trung tâm trọng tài', 'Trọng tài thương mại', 15, 12, 'none', 1_500_000],
  ],
  SKHDT: [
    ['2.001610', 'Đăng ký thành lập doanh nghiệp tư nhân', 'Thành lập và hoạt động doanh nghiệp', 3, 2, 'full', 50_000],
    ['2.002041', 'Đăng ký thành lập công ty TNHH hai thành viên trở lên', 'Thành lập và hoạt động doanh nghiệp', 3, 2, 'full', 50_000],
    ['2.002044', 'Đăng ký thay đổi nội dung đăng ký doanh nghiệp', 'Thành lập và hoạt động doanh nghiệp', 3, 2, 'full', 50_000],
    ['1.009645', 'Quyết định chủ trương đầu tư của UBND tỉnh', 'Đầu tư tại Việt Nam', 35, 25, 'partial', null],
  ],
  SXD: [
    ['1.009972', 'Cấp giấy phép xây dựng mới công trình cấp đặc biệt, cấp I', 'Hoạt động xây dựng', 20, 15, 'partial', 150_000],
    ['1.009794', 'Thẩm định báo cáo nghiên cứu khả thi đầu tư xây dựng', 'Hoạt động xây dựng', 30, 20, 'partial', null],
    ['1.009982', 'Cấp chứng chỉ hành nghề hoạt động xây dựng hạng II, III', 'Hoạt động xây dựng', 20, 15, 'full', 300_000],
  ],
  STNMT: [
    ['1.004227', 'Cấp giấy phép khai thác nước dưới đất', 'Tài nguyên nước', 30, 25, 'partial', 2_000_000],
    ['1.010727', 'Cấp giấy phép môi trường', 'Môi trường', 30, 25, 'partial', 6_000_000],
    ['1.004203', 'Đăng ký biến động quyền sử dụng đất', 'Đất đai', 10, 8, 'partial', 50_000],
  ],
  SGTVT: [
    ['1.002804', 'Cấp đổi Giấy phép lái xe do ngành Giao thông vận tải cấp', 'Đường bộ', 5, 3, 'full', 135_000],
    ['1.002835', 'Cấp Giấy phép kinh doanh vận tải bằng xe ô tô', 'Đường bộ', 5, 3, 'full', 200_000],
    ['1.001777', 'Cấp phù hiệu xe taxi, xe hợp đồng', 'Đường bộ', 2, 2, 'full', null],
    ['1.005210', 'Chấp thuận thiết kế nút giao đấu nối vào quốc lộ', 'Đường bộ', 10, 7, 'none', null],
  ],
  SYT: [
    ['1.002467', 'Cấp chứng chỉ hành nghề khám bệnh, chữa bệnh', 'Khám bệnh, chữa bệnh', 30, 20, 'partial', 360_000],
    ['1.004616', 'Cấp giấy phép hoạt động phòng khám chuyên khoa', 'Khám bệnh, chữa bệnh', 45, 30, 'partial', 4_300_000],
    ['1.002339', 'Cấp Giấy chứng nhận đủ điều kiện kinh doanh dược', 'Dược phẩm', 30, 20, 'full', 1_000_000],
  ],
  SGDDT: [
    ['1.005095', 'Công nhận văn bằng tốt nghiệp do cơ sở nước ngoài cấp', 'Văn bằng, chứng chỉ', 20, 15, 'full', null],
    ['2.001914', 'Cấp bản sao văn bằng, chứng chỉ từ sổ gốc', 'Văn bằng, chứng chỉ', 1, 1, 'full', null],
    ['1.004802', 'Cho phép trung tâm ngoại ngữ, tin học hoạt động giáo dục', 'Giáo dục và Đào tạo', 20, 15, 'partial', null],
  ],
  SLDTBXH: [
    ['1.001823', 'Giải quyết hưởng trợ cấp thất nghiệp', 'Việc làm', 20, 15, 'full', null],
    ['1.000105', 'Cấp giấy phép lao động cho người nước ngoài', 'Việc làm', 5, 3, 'full', 600_000],
    ['1.003004', 'Giải quyết chế độ người có công với cách mạng', 'Người có công', 20, 15, 'none', null],
  ],
  SVHTTDL: [
    ['1.001029', 'Cấp giấy phép kinh doanh dịch vụ karaoke', 'Văn hóa', 5, 4, 'partial', 4_000_000],
    ['1.004580', 'Công nhận cơ sở lưu trú du lịch hạng 1, 2 sao', 'Du lịch', 30, 20, 'partial', 1_500_000],
  ],
  SNNPTNT: [
    [
      '1.003596',
      'Cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm nông lâm thủy sản',
      'Quản lý chất lượng nông lâm thủy sản',
      15,
      10,
      'partial',
      700_000,
    ],
    ['1.008004', 'Cấp giấy phép khai thác thủy sản', 'Thủy sản', 6, 4, 'full', 40_000],
  ],
  STTTT: [
    ['1.004452', 'Cấp giấy phép xuất bản bản tin', 'Báo chí', 15, 10, 'full', null],
    ['1.003695', 'Cấp giấy phép thiết lập trang thông tin điện tử tổng hợp', 'Phát thanh, truyền hình và thông tin điện tử', 15, 10, 'full', null],
  ],
  SNV: [
    ['1.005384', 'Thẩm định thành lập hội có phạm vi hoạt động trong tỉnh', 'Tổ chức phi chính phủ', 30, 25, 'partial', null],
    ['1.003822', 'Công nhận ban vận động thành lập hội', 'Tổ chức phi chính phủ', 30, 20, 'partial', null],
  ],
  STC: [['1.005433', 'Đăng ký mã số đơn vị có quan hệ với ngân sách', 'Tin học - Thống kê', 2, 1, 'full', null]],
  SKHCN: [['1.000972', 'Cấp Giấy chứng nhận đăng ký hoạt động khoa học và công nghệ', 'Hoạt động khoa học và công nghệ', 15, 10, 'full', null]],
  SNGV: [['2.001779', 'Cho phép tổ chức hội nghị, hội thảo quốc tế', 'Hợp tác quốc tế', 15, 10, 'partial', null]],
  BQLKKT: [['1.009741', 'Cấp Giấy chứng nhận đăng ký đầu tư trong khu kinh tế', 'Đầu tư tại Việt Nam', 15, 10, 'partial', null]],
};

/** The procedures every district resolves (the same national procedures, one catalogue entry per district). */
const DISTRICT_PROCEDURES: P[] = [
  ['1.001612', 'Cấp Giấy chứng nhận đăng ký hộ kinh doanh', 'Thành lập và hoạt động hộ kinh doanh', 3, 2, 'full', 100_000],
  ['2.000575', 'Đăng ký thay đổi nội dung đăng ký hộ kinh doanh', 'Thành lập và hoạt động hộ kinh doanh', 3, 2, 'full', 50_000],
  ['1.003745', 'Cấp giấy phép xây dựng nhà ở riêng lẻ', 'Hoạt động xây dựng', 15, 10, 'partial', 75_000],
  ['1.004233', 'Cấp Giấy chứng nhận quyền sử dụng đất lần đầu', 'Đất đai', 20, 15, 'partial', 100_000],
  ['1.004269', 'Chuyển mục đích sử dụng đất', 'Đất đai', 15, 12, 'partial', null],
  ['2.001263', 'Cấp Giấy phép bán lẻ rượu', 'Lưu thông hàng hóa trong nước', 10, 7, 'full', 600_000],
  ['1.000832', 'Đăng ký kết hôn có yếu tố nước ngoài', 'Hộ tịch', 15, 10, 'partial', 1_500_000],
  ['1.001193', 'Chứng thực bản sao từ bản chính giấy tờ do cơ quan nước ngoài cấp', 'Chứng thực', 2, 1, 'full', 2_000],
  ['1.003010', 'Thủ tục cấp giấy chứng nhận đủ điều kiện an toàn thực phẩm cơ sở kinh doanh', 'An toàn thực phẩm', 15, 10, 'partial', 500_000],
  ['1.001776', 'Công nhận trường mầm non đạt chuẩn quốc gia', 'Giáo dục và Đào tạo', 20, 15, 'none', null],
  ['1.001653', 'Trợ cấp xã hội hằng tháng cho người cao tuổi', 'Bảo trợ xã hội', 10, 7, 'full', null],
  ['1.001055', 'Thẩm định hồ sơ đăng ký sinh hoạt tôn giáo tập trung', 'Tôn giáo', 20, 15, 'none', null],
];

/** The procedures every commune (phường, xã) resolves. */
const COMMUNE_PROCEDURES: P[] = [
  ['1.001203', 'Đăng ký khai sinh', 'Hộ tịch', 1, 0, 'full', null],
  ['1.000894', 'Đăng ký kết hôn', 'Hộ tịch', 5, 3, 'full', null],
  ['1.000656', 'Đăng ký khai tử', 'Hộ tịch', 1, 0, 'full', null],
  ['1.004873', 'Cấp bản sao trích lục hộ tịch', 'Hộ tịch', 1, 1, 'full', 8_000],
  ['1.004859', 'Xác nhận tình trạng hôn nhân', 'Hộ tịch', 3, 2, 'full', 15_000],
  ['2.000815', 'Chứng thực bản sao từ bản chính', 'Chứng thực', 2, 1, 'partial', 2_000],
  ['2.000884', 'Chứng thực chữ ký trong các giấy tờ, văn bản', 'Chứng thực', 2, 1, 'partial', 10_000],
  ['2.001035', 'Chứng thực hợp đồng, giao dịch liên quan đến tài sản', 'Chứng thực', 2, 2, 'none', 50_000],
  ['1.003622', 'Đăng ký thường trú', 'Đăng ký, quản lý cư trú', 7, 5, 'full', 20_000],
  ['1.010876', 'Xác nhận hộ gia đình làm nông nghiệp có mức sống trung bình', 'Bảo trợ xã hội', 7, 5, 'partial', null],
  ['1.001739', 'Hỗ trợ chi phí mai táng cho đối tượng bảo trợ xã hội', 'Bảo trợ xã hội', 5, 3, 'partial', null],
  ['2.000286', 'Đăng ký hoạt động tín ngưỡng', 'Tín ngưỡng, tôn giáo', 15, 10, 'none', null],
  ['1.003583', 'Hòa giải tranh chấp đất đai', 'Đất đai', 45, 30, 'none', null],
  ['1.000748', 'Xác nhận đơn đề nghị cấp thẻ bảo hiểm y tế', 'Bảo hiểm y tế', 3, 2, 'full', null],
];

const localCode = (national: string, unitCode: string) => `${national}.000.00.00.${unitCode}`;

const procedureOf = ([code, name, field, legalDays, internalDays, online, fee]: P, unitCode: string): DemoProcedure & { unitCode: string } => ({
  code: localCode(code, unitCode),
  name,
  field,
  legalDays,
  internalDays,
  online,
  fee,
  unitCode,
});

/**
 * The fictional catalogue: the departments' own procedures, and the district and commune procedures once per unit
 * (a catalogue entry names the unit that resolves it, so the same national procedure has one code per unit).
 */
export const DEMO_PROCEDURES: readonly (DemoProcedure & { unitCode: string })[] = [
  ...Object.entries(DEPARTMENT_PROCEDURES).flatMap(([unit, list]) => list.map((p) => procedureOf(p, unit))),
  ...DEMO_DISTRICTS.flatMap(([unit]) => DISTRICT_PROCEDURES.map((p) => procedureOf(p, unit))),
  ...DEMO_COMMUNES.flatMap((c) => COMMUNE_PROCEDURES.map((p) => procedureOf(p, c.code))),
];
