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
