/**
 * Word lists for the demo ISP: a RT/RW Net in Purwokerto (Kabupaten Banyumas, Central Java).
 * The mix of names follows a Central Javanese university town: mostly Javanese, with Sundanese
 * neighbours from the west, Muslim Malay-style names, and Batak, Chinese-Indonesian and
 * Manado/Ambon Christian families.
 */

export interface NameGroup {
	/** Rough share of this group among the customers. */
	weight: number;
	maleGiven: readonly string[];
	femaleGiven: readonly string[];
	maleFamily: readonly string[];
	femaleFamily: readonly string[];
	/** People known by one name only (common among older Javanese). */
	maleMononyms?: readonly string[];
	femaleMononyms?: readonly string[];
	mononymShare?: number;
	/** Share of men whose name starts with "Muhammad" before the given name. */
	muhammadShare?: number;
}

export const NAME_GROUPS: readonly NameGroup[] = [
	{
		// Javanese
		weight: 60,
		maleGiven: [
			'Budi', 'Agus', 'Slamet', 'Joko', 'Bambang', 'Heru', 'Eko', 'Dwi', 'Wahyu', 'Sugeng',
			'Teguh', 'Bayu', 'Adi', 'Yudi', 'Rudi', 'Hadi', 'Sigit', 'Arif', 'Dimas', 'Galih',
			'Anton', 'Hari', 'Edi', 'Bagus', 'Gilang', 'Danang', 'Aris', 'Wawan', 'Yoga', 'Tri'
		],
		femaleGiven: [
			'Sri', 'Siti', 'Dewi', 'Rina', 'Endang', 'Tutik', 'Sari', 'Ratna', 'Yuni', 'Indah',
			'Ayu', 'Wulan', 'Retno', 'Fitri', 'Novi', 'Eni', 'Suci', 'Dian', 'Puji', 'Anik',
			'Rini', 'Tri', 'Lina', 'Wiwik', 'Umi'
		],
		maleFamily: [
			'Santoso', 'Wibowo', 'Susanto', 'Prasetyo', 'Setiawan', 'Nugroho', 'Purnomo', 'Hartono',
			'Wijayanto', 'Kurniawan', 'Saputro', 'Raharjo', 'Suryono', 'Handoko', 'Prabowo', 'Utomo',
			'Sulistyo', 'Widodo', 'Pamungkas', 'Susilo', 'Hermawan', 'Riyanto', 'Wicaksono', 'Aji'
		],
		femaleFamily: [
			'Lestari', 'Wahyuni', 'Rahayu', 'Handayani', 'Purwanti', 'Susilowati', 'Wulandari',
			'Suryani', 'Astuti', 'Rahmawati', 'Kusumawati', 'Yuliani', 'Pratiwi', 'Maryani',
			'Setyaningsih', 'Ningsih', 'Widyastuti', 'Sulistyowati', 'Purwaningsih', 'Anggraini'
		],
		maleMononyms: [
			'Sutrisno', 'Suparman', 'Sukirno', 'Mulyono', 'Tukiman', 'Paryanto', 'Sarwono', 'Suwarno',
			'Kasiman', 'Darsono', 'Warsito', 'Sumardi'
		],
		femaleMononyms: ['Sumarni', 'Suwarni', 'Tumini', 'Sukarti', 'Rusmini', 'Painem', 'Sulastri', 'Warsini'],
		mononymShare: 0.18
	},
	{
		// Sundanese
		weight: 12,
		maleGiven: [
			'Asep', 'Dede', 'Ujang', 'Cecep', 'Dadang', 'Iwan', 'Yayan', 'Deden', 'Ade', 'Usep',
			'Jajang', 'Engkus', 'Rahmat', 'Dudi', 'Hendi'
		],
		femaleGiven: ['Euis', 'Neneng', 'Imas', 'Cucu', 'Enok', 'Lilis', 'Titin', 'Yati', 'Eneng', 'Iis', 'Rika'],
		maleFamily: [
			'Saepudin', 'Sukmana', 'Hidayat', 'Permana', 'Suherman', 'Kurnia', 'Ruhiyat', 'Sopandi',
			'Rukmana', 'Gunawan', 'Supriatna', 'Suryana', 'Nugraha', 'Sudrajat'
		],
		femaleFamily: [
			'Komariah', 'Rohayati', 'Nurhayati', 'Kurniasih', 'Mulyani', 'Rosita', 'Suryati', 'Maryati',
			'Sumiati', 'Hasanah', 'Sundari'
		]
	},
	{
		// Muslim / Malay-style names found all over Indonesia
		weight: 12,
		maleGiven: [
			'Ahmad', 'Rizki', 'Fajar', 'Ilham', 'Yusuf', 'Hasan', 'Ridwan', 'Fauzi', 'Zainal', 'Syahrul',
			'Irfan', 'Firman', 'Abdul', 'Lukman', 'Hafiz', 'Rafli', 'Aldi', 'Reza'
		],
		femaleGiven: [
			'Nur', 'Aisyah', 'Fatimah', 'Khadijah', 'Nurul', 'Annisa', 'Zahra', 'Laila', 'Rahma',
			'Putri', 'Fitriani', 'Salsabila', 'Nabila', 'Halimah'
		],
		maleFamily: [
			'Hidayatullah', 'Ramadhan', 'Maulana', 'Fauzan', 'Hakim', 'Syahputra', 'Firmansyah',
			'Nasution', 'Lubis', 'Harahap', 'Rahman', 'Fadillah', 'Kurniadi', 'Saputra'
		],
		femaleFamily: [
			'Aminah', 'Hasanah', 'Fadhilah', 'Rahmawati', 'Azizah', 'Khairunnisa', 'Nurjanah',
			'Zulaikha', 'Maharani', 'Safitri', 'Ramadhani', 'Nuraini'
		],
		muhammadShare: 0.3
	},
	{
		// Batak (mostly Christian)
		weight: 7,
		maleGiven: [
			'Yohanes', 'Daniel', 'Samuel', 'Jonathan', 'Markus', 'Andreas', 'Hotman', 'Parlindungan',
			'Togar', 'Robert', 'Benny', 'Martin', 'Ferdinand', 'Rudolf'
		],
		femaleGiven: ['Maria', 'Elisabeth', 'Debora', 'Lusiana', 'Ester', 'Yohana', 'Natalia', 'Kristina', 'Agnes', 'Rosmawati'],
		maleFamily: [
			'Sitorus', 'Simanjuntak', 'Siahaan', 'Hutapea', 'Situmorang', 'Pardede', 'Sinaga', 'Manurung',
			'Simbolon', 'Panjaitan', 'Silalahi', 'Tambunan', 'Hutagalung', 'Nainggolan', 'Sihombing'
		],
		femaleFamily: [
			'Sitorus', 'Simanjuntak', 'Siahaan', 'Hutapea', 'Situmorang', 'Pardede', 'Sinaga', 'Manurung',
			'Simbolon', 'Panjaitan', 'br. Tambunan', 'br. Sihombing', 'br. Sinaga'
		]
	},
	{
		// Chinese-Indonesian
		weight: 5,
		maleGiven: ['Hendra', 'Andi', 'Rudy', 'Hendrik', 'Willy', 'Kevin', 'Steven', 'Ferry', 'Johan', 'Sony', 'Halim'],
		femaleGiven: ['Lina', 'Mei', 'Lily', 'Susan', 'Yenny', 'Linda', 'Vivi', 'Meliana', 'Jessica', 'Fenny'],
		maleFamily: ['Wijaya', 'Gunawan', 'Tanoto', 'Halim', 'Kusuma', 'Salim', 'Tanjaya', 'Setiadi', 'Hartanto', 'Lim', 'Tjandra'],
		femaleFamily: ['Wijaya', 'Gunawan', 'Halim', 'Kusuma', 'Salim', 'Setiadi', 'Hartanto', 'Tjandra', 'Lim']
	},
	{
		// Manado and Ambon (mostly Christian)
		weight: 4,
		maleGiven: ['Johanis', 'Frans', 'Stevanus', 'Yosua', 'Albert', 'Ronald', 'Marthen', 'Jefry'],
		femaleGiven: ['Grace', 'Meike', 'Novita', 'Yolanda', 'Sherly', 'Marlyn', 'Olivia'],
		maleFamily: ['Lumenta', 'Wenas', 'Rumondor', 'Tumbelaka', 'Pattiasina', 'Latuheru', 'Manuputty', 'Sondakh', 'Pangemanan'],
		femaleFamily: ['Lumenta', 'Wenas', 'Rumondor', 'Pattiasina', 'Latuheru', 'Manuputty', 'Sondakh', 'Pangemanan']
	}
];

/** The town the demo ISP serves; coordinates are the town centre. */
export const DEMO_TOWN = {
	name: 'Purwokerto',
	regency: 'Kabupaten Banyumas',
	latitude: -7.4245,
	longitude: 109.2346
} as const;

export interface DemoAreaTemplate {
	name: string;
	description: string;
	kelurahan: string;
	/** Village streets; empty for a housing estate, which uses blocks instead. */
	streets: readonly string[];
	/** A perumahan addresses houses by block: "Perum … Blok C2 No. 7". */
	estate?: { name: string; blocks: readonly string[] };
	rw: readonly number[];
	rtMax: number;
	latitude: number;
	longitude: number;
	/** Share of the customers living here. */
	weight: number;
}

export const DEMO_AREAS: readonly DemoAreaTemplate[] = [
	{
		name: 'Karangklesem',
		description: 'Kel. Karangklesem, Kec. Purwokerto Selatan — jalur tiang utama dari base station',
		kelurahan: 'Karangklesem',
		streets: ['Jl. Melati', 'Jl. Kenanga', 'Jl. Flamboyan', 'Gg. Mawar', 'Jl. Sawo', 'Gg. Pinus'],
		rw: [2, 3, 5, 7],
		rtMax: 6,
		latitude: -7.442,
		longitude: 109.24,
		weight: 25
	},
	{
		name: 'Teluk',
		description: 'Kel. Teluk, Kec. Purwokerto Selatan — sebelah timur Sungai Kranji',
		kelurahan: 'Teluk',
		streets: ['Jl. Teratai', 'Jl. Cempaka', 'Jl. Kamboja', 'Jl. Dahlia', 'Gg. Al-Huda', 'Jl. Sidomulyo'],
		rw: [1, 4, 6],
		rtMax: 7,
		latitude: -7.452,
		longitude: 109.248,
		weight: 20
	},
	{
		name: 'Perum Griya Tanjung Permai',
		description: 'Perumahan di Kel. Tanjung, Kec. Purwokerto Selatan — kabel lewat saluran perumahan',
		kelurahan: 'Tanjung',
		streets: [],
		estate: {
			name: 'Perum Griya Tanjung Permai',
			blocks: ['A1', 'A2', 'A3', 'B1', 'B2', 'B3', 'C1', 'C2', 'C3', 'D1', 'D2', 'E1', 'E2', 'F1']
		},
		rw: [9, 10],
		rtMax: 5,
		latitude: -7.446,
		longitude: 109.23,
		weight: 20
	},
	{
		name: 'Berkoh',
		description: 'Kel. Berkoh, Kec. Purwokerto Selatan — dekat Pasar Berkoh',
		kelurahan: 'Berkoh',
		streets: ['Jl. Nusa Indah', 'Jl. Anggrek', 'Jl. Bougenville', 'Jl. Sakura', 'Gg. Kelapa', 'Jl. Pepaya'],
		rw: [1, 2, 3, 5, 6],
		rtMax: 6,
		latitude: -7.433,
		longitude: 109.256,
		weight: 20
	},
	{
		name: 'Arcawinangun',
		description: 'Kel. Arcawinangun, Kec. Purwokerto Timur — jalur relay dari tower masjid',
		kelurahan: 'Arcawinangun',
		streets: ['Jl. Rambutan', 'Jl. Durian', 'Jl. Manggis', 'Jl. Jambu', 'Jl. Sirsak', 'Gg. Belimbing'],
		rw: [3, 4, 8],
		rtMax: 5,
		latitude: -7.417,
		longitude: 109.256,
		weight: 15
	}
];

/**
 * Indonesian mobile prefixes with a rough market share (Telkomsel, Indosat, XL, Axis, Tri,
 * Smartfren) and the total number length usual for each.
 */
export const MOBILE_PREFIXES: ReadonlyArray<readonly [{ prefix: string; lengths: readonly number[] }, number]> = [
	[{ prefix: '0812', lengths: [11, 12] }, 14],
	[{ prefix: '0813', lengths: [11, 12] }, 10],
	[{ prefix: '0821', lengths: [12] }, 9],
	[{ prefix: '0822', lengths: [12] }, 9],
	[{ prefix: '0852', lengths: [11, 12] }, 8],
	[{ prefix: '0853', lengths: [12] }, 5],
	[{ prefix: '0811', lengths: [10, 11] }, 2],
	[{ prefix: '0856', lengths: [11, 12] }, 6],
	[{ prefix: '0857', lengths: [12] }, 7],
	[{ prefix: '0858', lengths: [12] }, 3],
	[{ prefix: '0817', lengths: [11, 12] }, 3],
	[{ prefix: '0878', lengths: [12] }, 6],
	[{ prefix: '0877', lengths: [12] }, 4],
	[{ prefix: '0838', lengths: [12] }, 3],
	[{ prefix: '0896', lengths: [12, 13] }, 4],
	[{ prefix: '0895', lengths: [12, 13] }, 3],
	[{ prefix: '0881', lengths: [12] }, 2],
	[{ prefix: '0882', lengths: [12, 13] }, 2]
];

export const EMAIL_DOMAINS: ReadonlyArray<readonly [string, number]> = [
	['gmail.com', 85],
	['yahoo.com', 8],
	['yahoo.co.id', 5],
	['outlook.com', 2]
];

/** What an office writes in the customer's notes field. */
export const CUSTOMER_NOTES: readonly string[] = [
	'Rumah pagar hijau, sebelah warung kelontong',
	'Depan mushola, tanya Pak RT kalau bingung',
	'Router dipasang di lantai 2',
	'Siang hari sering kosong, tagih sore setelah jam 4',
	'Usaha fotokopi, bayar sekalian untuk kios',
	'Rumah kos 8 kamar, password WiFi jangan diganti tanpa izin pemilik',
	'Titip tagihan ke Bu RT kalau tidak ada orang',
	'Kabel drop lewat tiang PLN depan rumah',
	'ONT di ruang tamu dekat TV',
	'Minta WA dulu sebelum teknisi datang',
	'Pindahan dari paket Hemat, minta dipercepat',
	'Anjing galak, jangan masuk halaman sebelum dipanggil'
];

/** Banks and wallets customers transfer from, as the office writes them in the payment note. */
export const TRANSFER_NOTES: readonly string[] = [
	'Transfer BRI',
	'Transfer BCA',
	'Transfer Mandiri',
	'Transfer BNI',
	'Transfer BSI',
	'Kirim lewat DANA',
	'Transfer BRI (BRImo)'
];

/** Payment channels Midtrans reports back. */
export const MIDTRANS_CHANNELS: readonly string[] = ['QRIS', 'GoPay', 'BCA Virtual Account', 'BRI Virtual Account', 'ShopeePay'];
